// The history page's state in its URL, and which of its jobs to follow live.
import { isTerminal } from './sse';
import type { Job } from './types';

// SSE streams the page keeps open at most: browsers allow about 6
// connections per server over HTTP/1.1, and the page needs some for itself.
export const MAX_WATCHED = 4;

// ?older=c1,c2: the cursors of pages 2 and 3. Cursors come from the API
// (job ids, which hold no comma), so a comma separates them.
export function cursorsFromParam(value: string | null): string[] {
  return value ? value.split(',').filter((c) => c.length > 0) : [];
}

export function cursorsToParam(cursors: string[]): string {
  return cursors.join(',');
}

// The ids of the unfinished jobs to follow, newest first, at most MAX_WATCHED.
export function unfinishedToWatch(jobs: Job[]): string[] {
  return jobs.filter((j) => !isTerminal(j.status)).slice(0, MAX_WATCHED).map((j) => j.job_id);
}
