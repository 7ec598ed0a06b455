// Shapes of the API's JSON. Report fields beyond the core are optional on
// purpose: the report grows (tracks, model cards, per-detector scores) and the
// UI must render whatever a given server sends.
export type JobStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface ApiErrorBody {
  code: string;
  message: string;
  retryable?: boolean;
}

export interface MediaInfo {
  sha256?: string;
  size?: number;
  filename?: string;
  content_type?: string;
  container?: string;
  codec?: string;
  duration_s?: number;
  width?: number;
  height?: number;
  fps?: number;
}

export interface Progress {
  stage: string;
  done: number;
  total: number;
}

export interface DetectorSummary {
  name: string;
  version?: string;
  weights_sha256?: string;
  fake_score?: number | null;
  median_fake_score?: number | null;
  verdict?: string;
  ms?: number;
  [extra: string]: unknown;
}

export interface FrameEntry {
  t: number;
  faces?: number;
  fake_score?: number | null;
  scores?: Record<string, number>;
  [extra: string]: unknown;
}

export interface Report {
  verdict?: string;
  reason?: string;
  fake_score?: number | null;
  aggregate?: string;
  frames_analyzed?: number;
  faces_found?: number;
  faces_classified?: number;
  per_frame?: FrameEntry[];
  detector?: DetectorSummary;
  detectors?: DetectorSummary[];
  face_detector?: string | Record<string, unknown>;
  thresholds?: { fake?: number; real?: number; [k: string]: unknown };
  timings_ms?: Record<string, number>;
  tracks?: Record<string, unknown>[];
  warnings?: unknown[];
  artifacts?: unknown[];
  disclaimer?: string;
  [extra: string]: unknown;
}

export interface Job {
  job_id: string;
  status: JobStatus;
  created_at: string;
  updated_at?: string;
  started_at?: string | null;
  finished_at?: string | null;
  cancel_requested?: boolean;
  attempts?: number;
  max_attempts?: number;
  media?: MediaInfo;
  options?: { frames?: number; detectors?: string[] };
  progress?: Progress;
  result?: Report | null;
  error?: ApiErrorBody | null;
}

export interface JobPage {
  jobs: Job[];
  next_cursor: string | null;
}

// What the server accepts in a job (GET /api/v1/me, `limits`).
export interface UploadLimits {
  max_frames: number;
  default_frames: number;
  max_upload_bytes: number;
}

export interface User {
  id: string;
  name: string;
  admin?: boolean;
  created_at?: string;
  limits?: UploadLimits; // absent from servers older than this field
}

export type ModelCard = Record<string, unknown> & { name: string };
