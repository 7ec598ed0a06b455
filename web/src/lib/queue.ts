// A queued job's place in line (the job document's `queue_position`: the
// jobs workers take before it, everyone's counted), in words.
import type { Job } from './types';

// How often the job page asks again while its job waits: the position moves
// when other jobs are taken, which sends this job no event.
export const QUEUE_REFRESH_MS = 5000;

export function queuePositionText(position: number | null | undefined): string | null {
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) return null;
  if (position === 0) return 'Next in the queue';
  return `${position} ${position === 1 ? 'job' : 'jobs'} ahead in the queue`;
}

// Only a queued job has a place in line; a stale field on another is ignored.
export function queuePositionOf(job: Pick<Job, 'status' | 'queue_position'>): number | null {
  return job.status === 'PENDING' && typeof job.queue_position === 'number' ? job.queue_position : null;
}
