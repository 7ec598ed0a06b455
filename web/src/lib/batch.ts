// Several files uploaded together from the Upload page (issue 18): each
// file is checked on its own (a bad one does not stop the others), uploaded
// at most UPLOAD_CONCURRENCY at a time, and gets its own job; once all are
// done the page follows those jobs live.
import { ApiError } from './api';
import { MAX_WATCHED } from './history';
import { isTerminal } from './sse';
import type { Job } from './types';
import type { UploadStats } from './upload';
import { validateMediaFile, type FileLike } from './validate';

export const UPLOAD_CONCURRENCY = 2;

// invalid: refused here, never sent; ready: checked, not started; queued:
// waiting for a free upload slot; the rest are outcomes.
export type BatchState = 'invalid' | 'ready' | 'queued' | 'uploading' | 'uploaded' | 'failed' | 'cancelled';

// An upload's failure kept as plain data: the batch outlives the page in
// the browser's history entry (structured clone), which drops classes.
export interface BatchError {
  status: number;
  code: string;
  message: string;
}

export interface BatchItem {
  key: string; // unique in its batch
  name: string;
  size: number;
  type: string;
  state: BatchState;
  problem: string | null; // why the file was refused here (state invalid)
  stats?: UploadStats | null;
  job?: Job; // the job its upload made (state uploaded)
  error?: BatchError; // why its upload failed (state failed)
}

// One row per file, in the order given. The same file twice (same name,
// size and type) is refused the second time rather than analysed twice.
export function batchItems(files: readonly FileLike[], maxBytes?: number): BatchItem[] {
  const seen = new Set<string>();
  return files.map((file, i): BatchItem => {
    const identity = JSON.stringify([file.name, file.size, file.type]);
    const problem = validateMediaFile(file, maxBytes)
      ?? (seen.has(identity) ? `"${file.name}" is already in this list.` : null);
    seen.add(identity);
    return { key: `${i}:${file.name}`, name: file.name, size: file.size, type: file.type,
             state: problem ? 'invalid' : 'ready', problem };
  });
}

export function uploadable(items: readonly BatchItem[]): BatchItem[] {
  return items.filter((item) => item.state === 'ready');
}

export function batchError(e: unknown): BatchError {
  if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message };
  return { status: 0, code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

export function errorFromBatch(error: BatchError): ApiError {
  return new ApiError(error.status, error.code, error.message);
}

// Whether every upload the batch started has an outcome.
export function batchSettled(items: readonly BatchItem[]): boolean {
  return items.every((item) => !['ready', 'queued', 'uploading'].includes(item.state));
}

// What the batch came to, for the line above its rows.
export function batchSummary(items: readonly BatchItem[], live: Readonly<Record<string, Job>> = {}): string {
  const count = (state: BatchState) => items.filter((item) => item.state === state).length;
  const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
  const parts = [`${files(count('uploaded'))} uploaded`];
  if (count('invalid') > 0) parts.push(`${files(count('invalid'))} refused before upload`);
  if (count('failed') > 0) parts.push(`${count('failed')} upload${count('failed') === 1 ? '' : 's'} failed`);
  if (count('cancelled') > 0) parts.push(`${count('cancelled')} cancelled`);
  const jobs = items.flatMap((item) => (item.job ? [live[item.job.job_id] ?? item.job] : []));
  if (jobs.length > 0) {
    const finished = jobs.filter((job) => isTerminal(job.status)).length;
    parts.push(finished === jobs.length ? 'all analyses finished' : `${finished} of ${jobs.length} analyses finished`);
  }
  return parts.join(' · ');
}

// The batch's jobs to follow over SSE now: the unfinished ones, in the
// batch's order, at most MAX_WATCHED (as History does); as one ends, the
// next takes its place. `live` holds each job's latest state.
export function batchToWatch(items: readonly BatchItem[], live: Readonly<Record<string, Job>>,
                             gaveUp: ReadonlySet<string> = new Set()): string[] {
  return items.flatMap((item) => (item.job ? [live[item.job.job_id] ?? item.job] : []))
    .filter((job) => !isTerminal(job.status) && !gaveUp.has(job.job_id))
    .slice(0, MAX_WATCHED)
    .map((job) => job.job_id);
}

// The line above the rows while files are chosen and uploaded.
export function batchChoiceText(items: readonly BatchItem[]): string {
  const refused = items.filter((item) => item.state === 'invalid').length;
  const ready = items.filter((item) => item.state === 'ready').length;
  const started = items.length - refused - ready;
  if (started === 0) {
    return `${items.length} files chosen${refused > 0 ? `: ${refused} cannot be uploaded (see below), ${ready} will be` : ''}.`;
  }
  const done = items.filter((item) => ['uploaded', 'failed', 'cancelled'].includes(item.state)).length;
  return `Uploading ${started} ${started === 1 ? 'file' : 'files'}, ${UPLOAD_CONCURRENCY} at a time: ${done} of ${started} done` +
    `${refused > 0 ? `; ${refused} cannot be uploaded` : ''}.`;
}

// What a row says about its upload before it has a job.
export function uploadStateText(item: BatchItem): string {
  switch (item.state) {
    case 'invalid': return 'Not uploaded';
    case 'ready': return 'Ready to upload';
    case 'queued': return 'Waiting to upload';
    case 'uploading': return 'Uploading…';
    case 'uploaded': return 'Uploaded';
    case 'failed': return 'Upload failed';
    case 'cancelled': return 'Upload cancelled';
  }
}
