// Live job events over Server-Sent Events, authenticated by the session
// cookie like every other request (lib/auth.ts). The response is streamed
// with fetch() rather than EventSource, which cannot tell a 401 or a 404 from
// a dropped connection, and parsed with eventsource-parser.
import { createParser } from 'eventsource-parser';
import { API_BASE, ApiError, apiErrorFrom, jobFrom } from './api';
import type { Job, JobStatus } from './types';

export interface JobEvent {
  type: string;
  job: Job;
}

export const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['COMPLETED', 'FAILED', 'CANCELLED']);

export function isTerminal(status: JobStatus | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

// Feeds raw text chunks (split anywhere) and calls onEvent per complete event.
// Comments (": keep-alive") are ignored; a data line that is not JSON is
// reported through onBadEvent rather than thrown.
export function createJobEventDecoder(onEvent: (e: JobEvent) => void, onBadEvent?: (data: string) => void) {
  const parser = createParser({
    onEvent(message) {
      try {
        onEvent({ type: message.event ?? 'message', job: jobFrom(JSON.parse(message.data)) });
      } catch {
        onBadEvent?.(message.data);
      }
    },
  });
  return { feed: (chunk: string) => parser.feed(chunk) };
}

export interface StreamOptions {
  signal?: AbortSignal;
  baseUrl?: string;
}

// One connection: resolves when the server closes the stream; throws ApiError
// for an HTTP error (401, 404) and for a network failure (status 0).
export async function streamJobEvents(id: string, onEvent: (e: JobEvent) => void,
                                      options: StreamOptions = {}): Promise<void> {
  const url = `${options.baseUrl ?? API_BASE}/jobs/${encodeURIComponent(id)}/events`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'text/event-stream' }, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) return;
    throw new ApiError(0, 'NETWORK_ERROR', `lost the connection to the server (${(e as Error).message})`);
  }
  if (!res.ok || !res.body) throw apiErrorFrom(res.status, await res.text());
  const decoder = createJobEventDecoder(onEvent);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      decoder.feed(value);
    }
  } catch (e) {
    if (options.signal?.aborted) return;
    throw new ApiError(0, 'NETWORK_ERROR', `the event stream broke (${(e as Error).message})`);
  }
}

export interface WatchOptions extends StreamOptions {
  maxRetries?: number;
  retryDelayMs?: (attempt: number) => number;
}

const defaultDelay = (attempt: number) => Math.min(1000 * 2 ** attempt, 10_000);

// Follows a job until it reaches a terminal state, reconnecting after network
// drops (the server re-sends the current state first, so nothing is missed).
// HTTP errors such as 401/404 are final and rethrown.
export async function watchJob(id: string, onEvent: (e: JobEvent) => void,
                               options: WatchOptions = {}): Promise<void> {
  const maxRetries = options.maxRetries ?? 5;
  const delay = options.retryDelayMs ?? defaultDelay;
  let finished = false;
  let failures = 0;
  const handle = (e: JobEvent) => {
    failures = 0;
    if (isTerminal(e.job.status)) finished = true;
    onEvent(e);
  };
  while (!finished && !options.signal?.aborted) {
    let lastError = new ApiError(0, 'NETWORK_ERROR', 'the event stream ended before the job finished');
    try {
      await streamJobEvents(id, handle, options);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0) throw e;
      lastError = e;
    }
    if (finished || options.signal?.aborted) return;
    if (failures >= maxRetries) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, delay(failures++)));
  }
}
