// Reports stored before the contract (version 1: no report_version field, the
// face evidence flat at the top, thresholds as {fake, real}, the fusion called
// `ensemble`) are mapped to the current contract here, where a job is loaded.
// Nothing else in the UI knows version 1. The mapping is the one documented
// for the report contract: per_frame -> evidence.visual.frames; tracks,
// deciding_track, faces_*, frames_analyzed, aggregate, face_detector and
// detectors -> evidence.visual; `detector` and `ensemble_score` are dropped.
import type {
  ArtifactRef, DetectorResult, FaceTrack, FrameScore, Fusion, MediaFacts, ModelRef, Report, ScoresByDetector, Settings,
  Thresholds, Timings, Verdict, VisualEvidence, Warning,
} from './generated/report';

type Fields = Record<string, unknown>;

const NO_FACE = 'NO_FACE';

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.map(fields) : [];
}

function scoreOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

// Version 1 wrote {fake, real}; the contract names them after the verdicts.
function thresholdsOf(v1: Fields): Thresholds {
  const t = fields(v1.thresholds);
  return { likely_fake: Number(t.fake), likely_real: Number(t.real) };
}

// The same rule the producer applies, for version-1 detectors stored
// without a verdict of their own (a detector that scored nothing has none).
function verdictFor(score: number | null, thresholds: Thresholds): Verdict {
  if (score === null) return 'not_applicable';
  if (score >= thresholds.likely_fake) return 'likely_fake';
  if (score <= thresholds.likely_real) return 'likely_real';
  return 'inconclusive';
}

function detectorOf(d: Fields, thresholds: Thresholds): DetectorResult {
  const fakeScore = scoreOrNull(d.fake_score);
  return {
    name: text(d.name),
    version: text(d.version),
    weights_sha256: text(d.weights_sha256),
    weight: typeof d.weight === 'number' ? d.weight : 1,
    fake_score: fakeScore,
    verdict: typeof d.verdict === 'string' ? (d.verdict as Verdict) : verdictFor(fakeScore, thresholds),
    ms: typeof d.ms === 'number' ? d.ms : 0,
  };
}

function modelOf(m: Fields): ModelRef {
  return { name: text(m.name), version: text(m.version), weights_sha256: text(m.weights_sha256) };
}

// Version 1 named the face detector at the top and listed its models beside it.
function faceDetectorOf(v1: Fields): VisualEvidence['face_detector'] {
  return { name: text(v1.face_detector), models: list(v1.face_detector_models).map(modelOf) };
}

function artifactOrNull(value: unknown): ArtifactRef | null {
  const a = fields(value);
  if (typeof a.name !== 'string') return null;
  return { name: a.name, sha256: text(a.sha256), size: count(a.size), content_type: text(a.content_type) };
}

function trackOf(t: Fields): FaceTrack {
  return {
    id: count(t.id),
    faces: count(t.faces),
    first_t: Number(t.first_t),
    last_t: Number(t.last_t),
    fake_score: Number(t.fake_score),
    verdict: t.verdict as Verdict,
    scores: fields(t.scores) as ScoresByDetector,
    thumbnail: artifactOrNull(t.thumbnail),
    thumbnail_t: Number(t.thumbnail_t),
    thumbnail_box: t.thumbnail_box as FaceTrack['thumbnail_box'],
    // No `saliency`: version 1 kept no heatmaps, and the field is absent in
    // every report written before it existed (docs/report.md).
  };
}

function frameOf(f: Fields): FrameScore {
  const frame: FrameScore = { t: Number(f.t), faces: count(f.faces), fake_score: scoreOrNull(f.fake_score) };
  if (f.scores !== undefined) frame.scores = fields(f.scores) as ScoresByDetector;
  return frame;
}

// Version 1 had one kind of evidence: faces. It scored when a face was found.
function visualOf(v1: Fields, thresholds: Thresholds): VisualEvidence {
  const fakeScore = scoreOrNull(v1.fake_score);
  const scored = fakeScore !== null;
  return {
    status: scored ? 'ok' : 'not_applicable',
    reason: scored ? null : text(v1.reason, NO_FACE),
    fake_score: fakeScore,
    verdict: v1.verdict as Verdict,
    detectors: list(v1.detectors).map((d) => detectorOf(d, thresholds)),
    face_detector: faceDetectorOf(v1),
    frames_analyzed: count(v1.frames_analyzed),
    faces_found: count(v1.faces_found),
    faces_classified: count(v1.faces_classified),
    deciding_track: typeof v1.deciding_track === 'number' ? v1.deciding_track : null,
    aggregate: text(v1.aggregate),
    tracks: list(v1.tracks).map(trackOf),
    frames: list(v1.per_frame).map(frameOf),
  };
}

// `ensemble` was the whole ensemble file; its thresholds are now the report's.
function fusionOf(ensemble: Fields): Fusion {
  const { version, description, thresholds: _thresholds, ...parameters } = ensemble;
  return { version: text(version), description: text(description), parameters };
}

function settingsOf(settings: Fields): Settings {
  return {
    frames_requested: count(settings.frames_requested),
    frames_used: count(settings.frames_used),
    software_version: text(settings.software_version),
  };
}

function fromVersion1(v1: Fields): Report {
  const thresholds = thresholdsOf(v1);
  const verdict = v1.verdict as Verdict;
  return {
    report_version: 2,
    verdict,
    fake_score: scoreOrNull(v1.fake_score),
    reason: verdict === 'not_applicable' ? text(v1.reason, NO_FACE) : null,
    thresholds,
    evidence: { visual: visualOf(v1, thresholds) },
    fusion: fusionOf(fields(v1.ensemble)),
    media: v1.media as MediaFacts,
    settings: settingsOf(fields(v1.settings)),
    warnings: list(v1.warnings) as unknown as Warning[],
    timings_ms: fields(v1.timings_ms) as Timings,
    artifacts: list(v1.artifacts).map(artifactOrNull).filter((a): a is ArtifactRef => a !== null),
    disclaimer: text(v1.disclaimer),
  };
}

// A report as the API sent it, in the current contract. Reports that carry
// report_version are already the contract and pass through unchanged.
export function upgradeLegacyReport(raw: unknown): Report {
  const report = fields(raw);
  if (report.report_version !== undefined) return report as unknown as Report;
  return fromVersion1(report);
}
