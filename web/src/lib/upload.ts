// Upload with real progress: fetch() cannot report upload progress, so this
// uses XMLHttpRequest's upload events. abort() cancels the transfer. The
// session cookie goes with it; as a POST it carries the CSRF token too.
import { API_BASE, ApiError, apiErrorFrom } from './api';
import { sessionHeaders } from './auth';
import type { Job } from './types';

export interface UploadStats {
  loaded: number;
  total: number;
  fraction: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

// Speed is the average since the start: steady on screen, and honest for
// the short uploads this UI sees.
export function uploadStats(loaded: number, total: number, startedAtMs: number, nowMs: number): UploadStats {
  const elapsed = Math.max(nowMs - startedAtMs, 1) / 1000;
  const fraction = total > 0 ? Math.min(loaded / total, 1) : 0;
  const bytesPerSecond = loaded / elapsed;
  const etaSeconds = bytesPerSecond > 0 && total > loaded ? (total - loaded) / bytesPerSecond : null;
  return { loaded, total, fraction, bytesPerSecond, etaSeconds };
}

export interface UploadHandle {
  promise: Promise<Job>;
  abort: () => void;
}

export interface UploadRequest {
  file: File;
  frames?: number;
  onProgress: (stats: UploadStats) => void;
}

export function uploadVideo({ file, frames, onProgress }: UploadRequest): UploadHandle {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  if (frames !== undefined) form.append('frames', String(frames));
  form.append('file', file, file.name);
  const promise = new Promise<Job>((resolve, reject) => {
    const startedAt = performance.now();
    xhr.upload.onprogress = (e) => onProgress(uploadStats(e.loaded, e.lengthComputable ? e.total : file.size,
                                                          startedAt, performance.now()));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as Job);
      else reject(apiErrorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'the upload failed: the server could not be reached'));
    xhr.onabort = () => reject(new ApiError(0, 'UPLOAD_ABORTED', 'the upload was cancelled'));
    xhr.open('POST', `${API_BASE}/jobs`);
    for (const [name, value] of Object.entries(sessionHeaders('POST'))) xhr.setRequestHeader(name, value);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
