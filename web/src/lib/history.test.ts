import { describe, expect, it } from 'vitest';
import type { Job } from './types';
import { cursorsFromParam, cursorsToParam, MAX_WATCHED, unfinishedToWatch } from './history';

describe('history page state in the URL', () => {
  it('round-trips the cursor list, and none means page 1', () => {
    expect(cursorsFromParam(null)).toEqual([]);
    expect(cursorsFromParam('')).toEqual([]);
    expect(cursorsFromParam(cursorsToParam(['a1', 'b2']))).toEqual(['a1', 'b2']);
  });
});

describe('unfinishedToWatch', () => {
  it('follows only unfinished jobs, newest first, at most MAX_WATCHED', () => {
    const statuses = ['COMPLETED', 'PENDING', 'PROCESSING', 'FAILED', 'PENDING', 'PENDING', 'PENDING', 'CANCELLED'] as const;
    const jobs: Job[] = statuses.map((status, i) => ({ job_id: `j${i}`, status, created_at: '2026-12-02T10:00:00Z' }));
    expect(unfinishedToWatch(jobs)).toEqual(['j1', 'j2', 'j4', 'j5'].slice(0, MAX_WATCHED));
  });
});
