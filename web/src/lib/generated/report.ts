// Generated from docs/report.schema.json by `npm run gen:types` (scripts/gen-types.mjs).
// Do not edit: change the schema and regenerate. `npm test` fails when this file drifts.

/**
 * likely_fake: score at or above thresholds.likely_fake; likely_real: at or below thresholds.likely_real; inconclusive: between; not_applicable: nothing to score.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Verdict".
 */
export type Verdict = "likely_fake" | "likely_real" | "inconclusive" | "not_applicable";
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Score".
 */
export type Score = number;
/**
 * A stable code in UPPER_SNAKE_CASE.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Reason".
 */
export type Reason = string;
/**
 * none: the file carries no Content Credentials (most files do not; never evidence of manipulation); valid: a manifest whose signature and hashes check out (signer.trusted says whether the signer is on the configured trust list); invalid: credentials are present but broken (changed after signing, a bad signature, unreadable); unverifiable: credentials are present but could not be checked offline (a remote manifest, an unsupported algorithm); unavailable: this build has no C2PA SDK.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ProvenanceStatus".
 */
export type ProvenanceStatus = "none" | "valid" | "invalid" | "unverifiable" | "unavailable";
/**
 * Face texture in single frames: faces are found, tracked across frames and scored by each face detector.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "VisualEvidence".
 */
export type VisualEvidence = EvidenceSection & {
  face_detector: {
    name: string;
    models: ModelRef[];
  };
  frames_analyzed: number;
  faces_found: number;
  faces_classified: number;
  /**
   * Face detections of tracks a second face detector (dlib's HOG) did not confirm in any of their largest crops: not scored, not counted in faces_found. Absent in reports written before it existed.
   */
  faces_set_aside?: number;
  track_identity?: TrackIdentity;
  /**
   * The id of the track whose score became the section's; null when none.
   */
  deciding_track: number | null;
  /**
   * How face scores become track and section scores, in words.
   */
  aggregate: string;
  tracks: FaceTrack[];
  frames: FrameScore[];
  [k: string]: unknown;
};
/**
 * ok: the section scored the media; not_applicable: the media has nothing this section reads (no face, no audio); unavailable: the section's models are not installed; failed: the section's analysis failed (reason says why).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "SectionStatus".
 */
export type SectionStatus = "ok" | "not_applicable" | "unavailable" | "failed";
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "NullableScore".
 */
export type NullableScore = Score | null;
/**
 * Media time in seconds from the start.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Seconds".
 */
export type Seconds = number;
/**
 * A face box in frame pixels: [x, y, width, height].
 *
 * @minItems 4
 * @maxItems 4
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Box".
 */
export type Box = [number, number, number, number];
/**
 * Landmark motion over time (LRNet): 68 facial landmarks per frame along each face track, calibrated (pyramidal Lucas-Kanade optical flow blended with the detection, then a Kalman filter per point) and normalised, scored in windows of consecutive frames. not_applicable for a still image (STILL_IMAGE), media without video (NO_VIDEO) or when no face is followed for a whole window (NO_TRACKED_WINDOW).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TemporalEvidence".
 */
export type TemporalEvidence = EvidenceSection & {
  /**
   * The LRNet weight set that ran (by training data: ffpp = FaceForensics++, dfo = DeeperForensics-1.0).
   */
  weights: string;
  /**
   * How landmarks were found and calibrated.
   */
  landmarks: {
    model: ModelRef;
    calibration: string;
  };
  /**
   * Consecutive frames per scored window.
   */
  window_frames: number;
  /**
   * Windows sampled over the video (K).
   */
  windows_requested: number;
  /**
   * Windows in which a face was followed for the whole window and scored.
   */
  windows_analyzed: number;
  tracks: TemporalTrack[];
  [k: string]: unknown;
};
/**
 * Voice spoofing (AASIST): the audio resampled to 16 kHz mono, cut into windows, each checked for speech; the windows with the most speech are scored, up to the configured number. not_applicable without an audio stream (NO_AUDIO) or without speech (NO_SPEECH); failed when the audio cannot be decoded (AUDIO_DECODE_FAILED), while the other sections still complete.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "AudioEvidence".
 */
export type AudioEvidence = EvidenceSection & {
  /**
   * The rate the model reads, in Hz.
   */
  sample_rate: number;
  /**
   * Length of one window in seconds.
   */
  window_s: number;
  /**
   * Windows checked for speech (at most the configured limit, spread over the audio).
   */
  windows_analyzed: number;
  /**
   * Windows with speech.
   */
  speech_windows: number;
  /**
   * Speech windows the model scored: those with the most speech, at most the configured number. Absent in reports written before it existed, where every speech window was scored.
   */
  windows_scored?: number;
  windows: AudioWindow[];
  [k: string]: unknown;
};
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "JobStatus".
 */
export type JobStatus = "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "CANCELLED";
/**
 * The job's progress stage, in order.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Stage".
 */
export type Stage = "queued" | "starting" | "decode" | "faces" | "classify" | "temporal" | "audio" | "done";
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "NullableReason".
 */
export type NullableReason = Reason | null;

/**
 * What a completed DeepTrace job concludes about one media file, the evidence behind it and the exact models and settings used. The job document's `result`. Versioning rules: docs/report.md.
 */
export interface Report {
  /**
   * The shape of this document. Raised when a field is removed, renamed or changes meaning; adding an optional field or an evidence section does not raise it.
   */
  report_version: 2;
  verdict: Verdict;
  /**
   * The fused probability that the media is manipulated; null when no evidence section produced a score.
   */
  fake_score: Score | null;
  /**
   * Why the verdict is not_applicable or inconclusive (NO_FACE, DETECTORS_DISAGREE, HEAVY_COMPRESSION, SMALL_FACES, FEW_FACES, PORTRAIT_VIDEO, UNUSUAL_FRAME_RATE, ...); null otherwise, and null for an inconclusive verdict whose score simply lies between the thresholds.
   */
  reason: Reason | null;
  /**
   * One sentence a non-expert can read that explains the verdict: which detectors flag and which clear the media, in words, any out-of-domain condition, and the verdict. Every report the analyzer writes has it; optional in the schema because reports written before it existed lack it.
   */
  explanation?: string;
  headline?: Headline;
  provenance?: Provenance;
  thresholds: Thresholds;
  evidence: Evidence;
  fusion: Fusion;
  media: MediaFacts;
  settings: Settings;
  warnings: Warning[];
  timings_ms: Timings;
  /**
   * Files the job stored beside the report (face thumbnails track-N.jpg, saliency heatmaps track-N-saliency.jpg, timeline.json), served by GET /api/v1/jobs/{id}/artifacts/{name}.
   */
  artifacts: ArtifactRef[];
  disclaimer: string;
}
/**
 * Present only when evidence outside the detectors decides what the report says first: today a valid Content Credentials manifest whose signer says a generative AI model made the file (provenance.generative_ai). `verdict` and `fake_score` stay the detectors' conclusion, shown beside it. Absent in every other report, and in reports written before it existed.
 */
export interface Headline {
  /**
   * The evidence that decided it.
   */
  source: "provenance";
  /**
   * A stable code in UPPER_SNAKE_CASE.
   */
  code: string;
  /**
   * The words every client shows as the headline.
   */
  text: string;
}
/**
 * Content Credentials (C2PA) read from the file with the C2PA SDK, without network access; evidence of its own, beside the detectors. Absent in reports written before it existed.
 */
export interface Provenance {
  status: ProvenanceStatus;
  /**
   * Why status is not valid: NO_MANIFEST, FORMAT_NOT_SUPPORTED, VALIDATION_FAILED, MANIFEST_UNREADABLE, REMOTE_MANIFEST_NOT_FETCHED, ALGORITHM_UNSUPPORTED, SDK_NOT_BUILT, READ_FAILED; null when valid.
   */
  reason: Reason | null;
  /**
   * One sentence a non-expert can read: who signed, with which tool, whether the signer is on a trusted list, what the signer says about generative AI, or why the credentials are invalid.
   */
  summary: string;
  /**
   * A valid manifest's signer says a generative AI model made the file: an action of the active manifest has digitalSourceType trainedAlgorithmicMedia or compositeWithTrainedAlgorithmicMedia.
   */
  generative_ai: boolean;
  /**
   * The SDK that read the file; null when none was built in.
   */
  sdk: {
    name: string;
    version: string;
  } | null;
  /**
   * The trust anchors the signer was checked against: their sha256, or null when none is configured (the default: every signer is then not on a trusted list).
   */
  trust_list: string | null;
  /**
   * The active manifest; null without one.
   */
  manifest: ProvenanceManifest | null;
  /**
   * Validation failures of the active manifest and of its ingredients, with their C2PA status codes (assertion.dataHash.mismatch, claimSignature.mismatch, ...). signingCredential.untrusted is not listed: signer.trusted says it.
   */
  failures: {
    code: string;
    explanation: string | null;
    /**
     * The failure is in an ingredient's manifest, not the active one.
     */
    ingredient: boolean;
  }[];
  /**
   * What validation would have fetched from the network and did not: REMOTE_MANIFEST (a manifest stored elsewhere), OCSP (the signing certificate's revocation status).
   */
  not_fetched: Reason[];
  /**
   * The IPTC digital source type in the file's XMP metadata (e.g. http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia), unsigned: anyone can write it. null when the file has none.
   */
  xmp_digital_source_type: string | null;
  /**
   * Time taken to read and validate.
   */
  ms?: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ProvenanceManifest".
 */
export interface ProvenanceManifest {
  label: string;
  /**
   * The tool that wrote the manifest (claim_generator, or claim_generator_info name and version).
   */
  claim_generator: string | null;
  title: string | null;
  format?: string | null;
  signer: {
    issuer: string | null;
    common_name: string | null;
    algorithm?: string | null;
    /**
     * Signing time from a trusted timestamp, when the manifest has one.
     */
    time: string | null;
    /**
     * The signing certificate chains to the configured trust list.
     */
    trusted: boolean;
  };
  actions: {
    /**
     * c2pa.created, c2pa.edited, c2pa.opened, ...
     */
    action: string;
    digital_source_type: string | null;
    software_agent: string | null;
    when?: string | null;
  }[];
  /**
   * The files this one was made from.
   */
  ingredients: {
    title: string | null;
    /**
     * parentOf, componentOf, inputTo.
     */
    relationship: string | null;
    format?: string | null;
    /**
     * The ingredient carried Content Credentials of its own.
     */
    has_manifest: boolean;
  }[];
}
/**
 * The score bounds of the verdicts; the only place they appear.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Thresholds".
 */
export interface Thresholds {
  likely_fake: Score;
  likely_real: Score;
}
/**
 * Evidence by modality: visual (face texture in single frames), temporal (landmark motion over time), audio (voice spoofing). Clients show any section they find by its common fields, so a new section needs no client change. temporal and audio are absent in reports written before they existed.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Evidence".
 */
export interface Evidence {
  visual: VisualEvidence;
  temporal?: TemporalEvidence;
  audio?: AudioEvidence;
  [k: string]: EvidenceSection | VisualEvidence | TemporalEvidence | AudioEvidence | undefined;
}
/**
 * What one kind of evidence (visual, temporal, audio, ...) says. Every section has this shape; a section may add fields of its own.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "EvidenceSection".
 */
export interface EvidenceSection {
  status: SectionStatus;
  /**
   * Why status is not ok; null when ok.
   */
  reason: Reason | null;
  fake_score: NullableScore;
  verdict: Verdict;
  detectors: DetectorResult[];
  /**
   * Present when at least one detector's score is at or above thresholds.likely_fake while another's is at or below thresholds.likely_real: the verdict is then inconclusive with reason DETECTORS_DISAGREE.
   */
  disagreement?: {
    /**
     * Detectors whose score is at or above likely_fake.
     */
    flagging: string[];
    /**
     * Detectors whose score is at or below likely_real.
     */
    clearing: string[];
  };
  [k: string]: unknown;
}
/**
 * One detector's part in a section: its model, its weight in the fusion, its score for the media and the time it took.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "DetectorResult".
 */
export interface DetectorResult {
  name: string;
  version: string;
  weights_sha256: string;
  weight: number;
  fake_score: NullableScore;
  verdict: Verdict;
  ms: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ModelRef".
 */
export interface ModelRef {
  name: string;
  version: string;
  weights_sha256: string;
  [k: string]: unknown;
}
/**
 * Face tracks of one person joined again: tracking goes by position, so a camera cut or a person leaving and coming back splits one face into several tracks. A face-recognition model describes each track's largest faces; tracks that never share a frame and whose descriptors lie closer than max_distance became one. Absent when no such model was loaded, and in reports written before it existed.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TrackIdentity".
 */
export interface TrackIdentity {
  model: ModelRef;
  /**
   * Euclidean distance between 128-number face descriptors under which two faces count as one person.
   */
  max_distance: number;
  /**
   * Tracks that became part of another track.
   */
  tracks_joined: number;
}
/**
 * One face followed across frames.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "FaceTrack".
 */
export interface FaceTrack {
  id: number;
  /**
   * How many frames show this face.
   */
  faces: number;
  first_t: Seconds;
  last_t: Seconds;
  fake_score: Score;
  verdict: Verdict;
  scores: ScoresByDetector;
  /**
   * The track's most suspicious face; null when the job kept no artifacts.
   */
  thumbnail: ArtifactRef | null;
  thumbnail_t: Seconds;
  thumbnail_box: Box;
  /**
   * A heatmap of where the detectors' fake score was most sensitive on the thumbnail's crop; null when no detector could give one or the job kept no artifacts. Absent in reports written before it existed.
   */
  saliency?: TrackSaliency | null;
}
/**
 * Fake probability by detector name.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ScoresByDetector".
 */
export interface ScoresByDetector {
  [k: string]: Score;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ArtifactRef".
 */
export interface ArtifactRef {
  name: string;
  sha256: string;
  size: number;
  content_type: string;
}
/**
 * A saliency heatmap of one face track's most suspicious crop: the colour map of the mean of the detectors' maps, blended over the crop (red: most sensitive). Relative within this crop, not comparable between faces. It shows where the score responded to the pixels, not what was edited, and it is not evidence of manipulation on its own.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TrackSaliency".
 */
export interface TrackSaliency {
  artifact: ArtifactRef;
  /**
   * How each detector's map is computed: input_gradient, the absolute gradient of the detector's fake score with respect to each pixel (largest over the colour channels), smoothed and normalised to [0,1] at its 99th percentile.
   */
  method: "input_gradient";
  /**
   * The detectors whose maps the heatmap averages.
   *
   * @minItems 1
   */
  detectors: [string, ...string[]];
}
/**
 * One sampled frame: its most suspicious face's scores; fake_score is null when the frame shows no face.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "FrameScore".
 */
export interface FrameScore {
  t: Seconds;
  faces: number;
  fake_score: NullableScore;
  scores?: ScoresByDetector;
}
/**
 * One face followed through consecutive frames, scored window by window; per-window scores are in timeline.json (temporal_windows).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TemporalTrack".
 */
export interface TemporalTrack {
  /**
   * The id of this face's track in evidence.visual.tracks; -1 when it matched none.
   */
  track: number;
  first_t: Seconds;
  last_t: Seconds;
  windows: number;
  fake_score: Score;
  verdict: Verdict;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "AudioWindow".
 */
export interface AudioWindow {
  t: Seconds;
  duration_s: number;
  /**
   * Whether the window holds speech; only such windows are scored.
   */
  speech: boolean;
  /**
   * P(spoof); null without speech, or for a speech window beyond the number scored per file.
   */
  fake_score: Score | null;
  scores?: ScoresByDetector;
}
/**
 * How detector scores became the verdict: the ensemble file's version and parameters (its thresholds are the report's `thresholds`).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Fusion".
 */
export interface Fusion {
  version: string;
  description: string;
  parameters: {
    [k: string]: unknown;
  };
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "MediaFacts".
 */
export interface MediaFacts {
  sha256: string;
  size: number;
  filename: string;
  content_type: string;
  container: string;
  codec: string;
  duration_s: number;
  width: number;
  height: number;
  fps: number;
  kind: "image" | "video" | "audio";
  pixel_format?: string;
  rotation?: number;
  /**
   * Width of a stored pixel over its height, present when not square (within 1%): the frames were stretched to the width players show, which width and height give.
   */
  sample_aspect_ratio?: number;
  /**
   * Present and true when the video was interlaced: the visual section read whole frames, both fields woven as decoded; the temporal section read each frame's top field scaled to the full height, so that landmarks are followed from one moment to the next. HEVC coded field by field is read one field at a time, each stretched to the frame's height (the temporal section keeping the top fields), and width, height and fps are its frames'.
   */
  interlaced?: boolean;
  bit_rate?: number;
  bits_per_pixel?: number;
  /**
   * The audio stream the audio section read; absent without one.
   */
  audio?: {
    codec: string;
    channels: number;
    sample_rate: number;
  };
}
/**
 * What the job asked for and what ran; the models themselves are listed in each evidence section.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Settings".
 */
export interface Settings {
  frames_requested: number;
  frames_used: number;
  software_version: string;
  /**
   * Where the face detector and the detectors ran: cpu, or cuda[:N] in a CUDA build (the temporal and audio models run on the CPU). Absent in reports written before it existed.
   */
  device?: string;
  /**
   * Where the video was decoded: cpu, or cuda[:N] for FFmpeg's NVDEC (codecs NVDEC lacks, and still pictures, decode on the CPU all the same). Absent in reports written before it existed.
   */
  decode_device?: string;
}
/**
 * A condition outside what the models were trained on (SMALL_FACES, FEW_FACES, HEAVY_COMPRESSION, ...), or CREDENTIALS_INVALID: Content Credentials present but invalid (provenance; it does not change the detectors' verdict).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Warning".
 */
export interface Warning {
  code: Reason;
  message: string;
}
/**
 * Busy time per stage in milliseconds (open, decode, faces, classify, identity, saliency, temporal, audio, provenance, ... and total); decoding overlaps the rest, so the parts can add up to more than total.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Timings".
 */
export interface Timings {
  total: number;
  [k: string]: number;
}
/**
 * The timeline.json artifact: every face of every sampled frame, with its track.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Timeline".
 */
export interface Timeline {
  frames: {
    t: Seconds;
    faces: number;
    fake_score: NullableScore;
    scores?: ScoresByDetector;
    detections: {
      box: Box;
      /**
       * Track id; -1 when the face joined no track.
       */
      track: number;
      fake_score: Score;
      scores: ScoresByDetector;
    }[];
  }[];
  /**
   * Every scored window of every temporal track (evidence.temporal).
   */
  temporal_windows?: TemporalWindow[];
}
/**
 * One scored window of one temporal track.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TemporalWindow".
 */
export interface TemporalWindow {
  track: number;
  t_start: Seconds;
  t_end: Seconds;
  fake_score: Score;
  scores: ScoresByDetector;
}
/**
 * What the report says first when it is not the detectors' verdict.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Headline".
 */
export interface Headline1 {
  /**
   * The evidence that decided it.
   */
  source: "provenance";
  /**
   * A stable code in UPPER_SNAKE_CASE.
   */
  code: string;
  /**
   * The words every client shows as the headline.
   */
  text: string;
}
/**
 * Content Credentials (C2PA) of the file, from its active manifest. Reading makes no network call: what was not fetched is listed in not_fetched.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Provenance".
 */
export interface Provenance1 {
  status: ProvenanceStatus;
  /**
   * Why status is not valid: NO_MANIFEST, FORMAT_NOT_SUPPORTED, VALIDATION_FAILED, MANIFEST_UNREADABLE, REMOTE_MANIFEST_NOT_FETCHED, ALGORITHM_UNSUPPORTED, SDK_NOT_BUILT, READ_FAILED; null when valid.
   */
  reason: Reason | null;
  /**
   * One sentence a non-expert can read: who signed, with which tool, whether the signer is on a trusted list, what the signer says about generative AI, or why the credentials are invalid.
   */
  summary: string;
  /**
   * A valid manifest's signer says a generative AI model made the file: an action of the active manifest has digitalSourceType trainedAlgorithmicMedia or compositeWithTrainedAlgorithmicMedia.
   */
  generative_ai: boolean;
  /**
   * The SDK that read the file; null when none was built in.
   */
  sdk: {
    name: string;
    version: string;
  } | null;
  /**
   * The trust anchors the signer was checked against: their sha256, or null when none is configured (the default: every signer is then not on a trusted list).
   */
  trust_list: string | null;
  /**
   * The active manifest; null without one.
   */
  manifest: ProvenanceManifest | null;
  /**
   * Validation failures of the active manifest and of its ingredients, with their C2PA status codes (assertion.dataHash.mismatch, claimSignature.mismatch, ...). signingCredential.untrusted is not listed: signer.trusted says it.
   */
  failures: {
    code: string;
    explanation: string | null;
    /**
     * The failure is in an ingredient's manifest, not the active one.
     */
    ingredient: boolean;
  }[];
  /**
   * What validation would have fetched from the network and did not: REMOTE_MANIFEST (a manifest stored elsewhere), OCSP (the signing certificate's revocation status).
   */
  not_fetched: Reason[];
  /**
   * The IPTC digital source type in the file's XMP metadata (e.g. http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia), unsigned: anyone can write it. null when the file has none.
   */
  xmp_digital_source_type: string | null;
  /**
   * Time taken to read and validate.
   */
  ms?: number;
}

export const VERDICTS = ["likely_fake", "likely_real", "inconclusive", "not_applicable"] as const satisfies readonly Verdict[];
export const SECTION_STATUSES = ["ok", "not_applicable", "unavailable", "failed"] as const satisfies readonly SectionStatus[];
export const JOB_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"] as const satisfies readonly JobStatus[];
export const STAGES = ["queued", "starting", "decode", "faces", "classify", "temporal", "audio", "done"] as const satisfies readonly Stage[];
export const PROVENANCE_STATUSES = ["none", "valid", "invalid", "unverifiable", "unavailable"] as const satisfies readonly ProvenanceStatus[];
export const VERDICT_WORDING = {
  "likely_fake": {
    "label": "Signs of manipulation",
    "headline": "Signs of manipulation detected"
  },
  "likely_real": {
    "label": "No strong signs",
    "headline": "No strong signs of manipulation found"
  },
  "inconclusive": {
    "label": "Inconclusive",
    "headline": "Inconclusive"
  },
  "not_applicable": {
    "label": "Not assessed",
    "headline": "Could not be assessed"
  }
} as const satisfies Record<Verdict, { label: string; headline: string }>;
export const PROVENANCE_STATUS_WORDING = {
  "none": {
    "label": "No Content Credentials"
  },
  "valid": {
    "label": "Content Credentials valid"
  },
  "invalid": {
    "label": "Credentials present but invalid"
  },
  "unverifiable": {
    "label": "Credentials could not be checked"
  },
  "unavailable": {
    "label": "Not checked"
  }
} as const satisfies Record<ProvenanceStatus, { label: string }>;
