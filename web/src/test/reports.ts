// Test helper: small reports in the current contract, built from one valid
// base so each test states only what it varies. Tests check these against
// the schema too, so they cannot drift from what the server sends.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  AudioEvidence, FaceTrack, FrameScore, Provenance, ProvenanceManifest, Report, TemporalEvidence, Timeline, VisualEvidence,
} from '../lib/types';

const HASH = 'ab'.repeat(32);

export function track(id: number, fakeScore: number, overrides: Partial<FaceTrack> = {}): FaceTrack {
  return {
    id, faces: 3, first_t: 0, last_t: 1, fake_score: fakeScore, verdict: fakeScore >= 0.7 ? 'likely_fake' : 'inconclusive',
    scores: { Meso4_DF: fakeScore },
    thumbnail: { name: `track-${id}.jpg`, sha256: HASH, size: 100, content_type: 'image/jpeg' },
    thumbnail_t: 0.5, thumbnail_box: [10, 10, 64, 64],
    ...overrides,
  };
}

export function visual(overrides: Partial<VisualEvidence> = {}): VisualEvidence {
  const frames: FrameScore[] = [{ t: 1, faces: 1, fake_score: 0.3 }, { t: 0, faces: 1, fake_score: 0.1 },
                                { t: 2, faces: 0, fake_score: null }];
  return {
    status: 'ok', reason: null, fake_score: 0.2, verdict: 'likely_real',
    detectors: [{ name: 'Meso4_DF', version: '2018-wifs.2', weights_sha256: HASH, weight: 1, fake_score: 0.2,
                  verdict: 'likely_real', ms: 12 }],
    face_detector: { name: 'blazeface', models: [{ name: 'blazeface_front', version: 'mediapipe-2019.1', weights_sha256: HASH }] },
    frames_analyzed: 3, faces_found: 2, faces_classified: 2, deciding_track: null,
    aggregate: 'the most suspicious track', tracks: [], frames,
    ...overrides,
  };
}

export function temporal(overrides: Partial<TemporalEvidence> = {}): TemporalEvidence {
  return {
    status: 'ok', reason: null, fake_score: 0.12, verdict: 'likely_real',
    detectors: [{ name: 'LRNet_g1', version: 'ffpp-cvpr2021.1', weights_sha256: HASH, weight: 1, fake_score: 0.12,
                  verdict: 'likely_real', ms: 18 }],
    weights: 'ffpp',
    landmarks: { model: { name: 'dlib_shape_predictor_68', version: '1', weights_sha256: HASH },
                 calibration: 'optical flow and a Kalman filter' },
    window_frames: 30, windows_requested: 4, windows_analyzed: 3,
    tracks: [{ track: 3, first_t: 0, last_t: 2.4, windows: 2, fake_score: 0.12, verdict: 'likely_real' },
             { track: -1, first_t: 1, last_t: 2.2, windows: 1, fake_score: 0.5, verdict: 'inconclusive' }],
    ...overrides,
  };
}

export function audio(overrides: Partial<AudioEvidence> = {}): AudioEvidence {
  return {
    status: 'ok', reason: null, fake_score: 0.81, verdict: 'likely_fake',
    detectors: [{ name: 'AASIST', version: 'icassp2022.1', weights_sha256: HASH, weight: 1, fake_score: 0.81,
                  verdict: 'likely_fake', ms: 400 }],
    sample_rate: 16000, window_s: 4, windows_analyzed: 3, speech_windows: 2,
    windows: [{ t: 4, duration_s: 4, speech: false, fake_score: null },
              { t: 0, duration_s: 4, speech: true, fake_score: 0.81, scores: { AASIST: 0.81 } },
              { t: 8, duration_s: 2, speech: true, fake_score: 0.2, scores: { AASIST: 0.2 } }],
    ...overrides,
  };
}

export function report(overrides: Partial<Report> = {}): Report {
  return {
    report_version: 2, verdict: 'likely_real', fake_score: 0.2, reason: null,
    thresholds: { likely_fake: 0.7, likely_real: 0.3 },
    evidence: { visual: visual() },
    fusion: { version: '2024.1', description: 'weighted mean of logits', parameters: { min_track_faces: 2 } },
    media: { sha256: HASH, size: 1000, filename: 'clip.mp4', content_type: 'video/mp4', container: 'mp4', codec: 'h264',
             duration_s: 3, width: 512, height: 512, fps: 25, kind: 'video' },
    settings: { frames_requested: 8, frames_used: 3, software_version: '0.1.0' },
    warnings: [], timings_ms: { total: 120, decode: 20 }, artifacts: [],
    disclaimer: 'Scores are statistical estimates.',
    ...overrides,
  };
}

// Content Credentials (report.provenance) as the analyzer writes them
// (src/provenance/interpret.cpp): a valid manifest whose signer says a
// generative AI model made the file, unless overridden.
export function manifest(overrides: Partial<ProvenanceManifest> = {}): ProvenanceManifest {
  return {
    label: 'urn:c2pa:3fad1ead-8ed5-44d0-873b-ea5f58adea82',
    claim_generator: 'Adobe Firefly/2.1',
    title: 'portrait.jpg',
    format: 'image/jpeg',
    signer: { issuer: 'Adobe Inc.', common_name: 'Adobe Content Credentials', algorithm: 'Es256',
              time: '2025-03-14T09:26:53+00:00', trusted: false },
    actions: [{ action: 'c2pa.created', when: null, software_agent: 'Adobe Firefly',
                digital_source_type: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }],
    ingredients: [{ title: 'sketch.png', relationship: 'inputTo', format: 'image/png', has_manifest: false }],
    ...overrides,
  };
}

const SDK = { name: 'c2pa-c', version: '0.49.5' };

export function provenance(overrides: Partial<Provenance> = {}): Provenance {
  return {
    status: 'valid', reason: null,
    summary: 'Content Credentials signed by Adobe Content Credentials (certificate issued by Adobe Inc.), not on a ' +
      'trusted list, made with Adobe Firefly/2.1, at 2025-03-14T09:26:53+00:00; the signer says the file was made by ' +
      'a generative AI model; made from 1 earlier file.',
    generative_ai: true, sdk: SDK, trust_list: null, manifest: manifest(),
    failures: [], not_fetched: ['OCSP'], xmp_digital_source_type: null, ms: 14,
    ...overrides,
  };
}

// Credentials changed after signing: the analyzer also warns (CREDENTIALS_INVALID).
export const invalidProvenance = () => provenance({
  status: 'invalid', reason: 'VALIDATION_FAILED', generative_ai: false,
  summary: 'Content Credentials are present but invalid: the hash of the image data does not match ' +
    '(assertion.dataHash.mismatch); the file may have been changed after it was signed, so its stated origin ' +
    'cannot be relied on.',
  manifest: manifest({ actions: [{ action: 'c2pa.opened', digital_source_type: null, software_agent: null },
                                 { action: 'c2pa.color_adjustments', digital_source_type: null, software_agent: 'Photoshop' }],
                       ingredients: [{ title: 'original.jpg', relationship: 'parentOf', has_manifest: true }] }),
  failures: [{ code: 'assertion.dataHash.mismatch', explanation: 'the hash of the image data does not match', ingredient: false },
             { code: 'claimSignature.mismatch', explanation: null, ingredient: true }],
});

export const noProvenance = () => provenance({
  status: 'none', reason: 'NO_MANIFEST', generative_ai: false, manifest: null, not_fetched: [],
  summary: 'No Content Credentials. Most files have none, so this says nothing about whether the file is authentic.',
});

export const uncheckedProvenance = () => provenance({
  status: 'unavailable', reason: 'SDK_NOT_BUILT', generative_ai: false, manifest: null, not_fetched: [], sdk: null,
  summary: 'Content Credentials were not checked: this DeepTrace was built without the C2PA SDK.',
});

// A report whose Content Credentials decide its headline; the detectors'
// verdict stays theirs.
export function signedGenerativeReport(overrides: Partial<Report> = {}): Report {
  const p = provenance();
  return report({
    headline: { source: 'provenance', code: 'SIGNED_GENERATIVE_AI', text: 'Signed as made with generative AI' },
    provenance: p,
    explanation: `${p.summary} The detectors, separately: 1 of 1 detectors finds the face looks real; no strong signs.`,
    ...overrides,
  });
}

export function invalidCredentialsReport(overrides: Partial<Report> = {}): Report {
  return report({
    provenance: invalidProvenance(),
    warnings: [{ code: 'CREDENTIALS_INVALID', message: 'Content Credentials are present but invalid: ' +
      'assertion.dataHash.mismatch. The file may have been changed after it was signed.' }],
    ...overrides,
  });
}

// The stored fixtures in tests/vectors: complete reports (and a timeline
// artifact) as the server writes them, shared with the CLI's tests.
export function vector<T>(file: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../tests/vectors/${file}`, import.meta.url)), 'utf8'));
}

export const avJob = () => vector<{ result: Report }>('job_report_v2_av.json');
export const audioOnlyJob = () => vector<{ result: Report }>('job_report_v2_audio_only.json');
export const avTimeline = () => vector<Timeline>('timeline_v2_av.json');
