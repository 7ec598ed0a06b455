// Shapes of the API's JSON. The report, job statuses and progress stages come
// from the report contract (docs/report.schema.json) through the generated
// types; only the job envelope around them is written here.
import type { JobStatus, Report, Stage } from './generated/report';

export type * from './generated/report';

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
  stage: Stage;
  done: number;
  total: number;
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
  // PENDING jobs only: how many queued jobs (everyone's) workers take first.
  queue_position?: number;
  links?: Partial<Record<'self' | 'events' | 'cancel' | 'delete' | 'rerun', string>>;
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
  features?: ServerFeatures; // likewise
}

// What the server offers besides analysis (GET /api/v1/me, `features`).
export interface ServerFeatures {
  anchoring: boolean; // an anchor service anchors its reports on chain
}

export type ModelCard = Record<string, unknown> & { name: string };
