import { describe, expect, it } from 'vitest';
import type { Job } from './types';
import {
  apiFilters, cursorsFromParam, cursorsToParam, filtersFromParams, filtersToParams, hasFilters, isDay, MAX_QUERY_BYTES,
  MAX_WATCHED, NO_FILTERS, rangeProblem, startOfDayUtc, truncateUtf8, unfinishedToWatch, type HistoryFilters,
} from './history';

describe('history page state in the URL', () => {
  it('round-trips the cursor list, and none means page 1', () => {
    expect(cursorsFromParam(null)).toEqual([]);
    expect(cursorsFromParam('')).toEqual([]);
    expect(cursorsFromParam(cursorsToParam(['a1', 'b2']))).toEqual(['a1', 'b2']);
  });

  it('reads no filters from a plain /history, and writes none back', () => {
    expect(filtersFromParams(new URLSearchParams(''))).toEqual(NO_FILTERS);
    expect(filtersToParams(NO_FILTERS).toString()).toBe('');
  });

  it('round-trips every filter through the URL', () => {
    const filters: HistoryFilters = {
      q: 'clip & co.mp4', status: 'COMPLETED', verdict: 'likely_fake', from: '2026-12-01', to: '2026-12-31', order: 'oldest',
    };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe('q=clip+%26+co.mp4&status=COMPLETED&verdict=likely_fake&from=2026-12-01&to=2026-12-31&order=oldest');
    expect(filtersFromParams(new URLSearchParams(params.toString()))).toEqual(filters);
  });

  it('starts again at page 1 when the filters change: cursors are not carried over', () => {
    const before = new URLSearchParams('q=clip&older=c1,c2');
    const next = filtersToParams({ ...filtersFromParams(before), status: 'FAILED' });
    expect(next.get('older')).toBeNull();
    expect(next.toString()).toBe('q=clip&status=FAILED');
  });

  it('reads a value it does not know as "any", so a stale link still lists jobs', () => {
    const f = filtersFromParams(new URLSearchParams('status=DONE&verdict=fake&order=random&from=2026-02-30&to=yesterday'));
    expect(f).toEqual(NO_FILTERS);
  });

  it('trims the search and keeps it within the API\'s 200 bytes of UTF-8', () => {
    expect(filtersFromParams(new URLSearchParams('q=%20%20clip%20')).q).toBe('clip');
    expect(filtersFromParams(new URLSearchParams(`q=${'a'.repeat(300)}`)).q).toHaveLength(MAX_QUERY_BYTES);
    expect(filtersToParams({ ...NO_FILTERS, q: '   ' }).toString()).toBe('');
    const greek = 'αβγ'.repeat(50); // 150 characters, 300 bytes
    expect(new TextEncoder().encode(apiFilters({ ...NO_FILTERS, q: greek }).q).length).toBe(200);
  });

  it('never cuts a character in two', () => {
    expect(truncateUtf8('ab€', 4)).toBe('ab'); // € is 3 bytes
    expect(truncateUtf8('ab€', 5)).toBe('ab€');
    expect(truncateUtf8('a😀b', 4)).toBe('a'); // the emoji is 4 bytes, 2 UTF-16 units
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
  });

  it('leaves the default order out of the URL', () => {
    expect(filtersToParams({ ...NO_FILTERS, order: 'newest' }).has('order')).toBe(false);
  });
});

describe('hasFilters', () => {
  it('is true only when the list is narrowed (the order narrows nothing)', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, order: 'oldest' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, q: ' ' })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, q: 'clip' })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, verdict: 'inconclusive' })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, to: '2026-12-01' })).toBe(true);
  });
});

describe('the API query for the filters', () => {
  it('sends nothing for no filters', () => {
    expect(apiFilters(NO_FILTERS)).toEqual({});
  });

  it('names the API\'s parameters', () => {
    expect(apiFilters({ ...NO_FILTERS, q: ' clip ', status: 'CANCELLED', verdict: 'not_applicable', order: 'oldest' }))
      .toEqual({ q: 'clip', status: 'CANCELLED', verdict: 'not_applicable', order: 'oldest' });
  });

  it('covers the visitor\'s whole days from and to, as a half-open range in RFC 3339', () => {
    const q = apiFilters({ ...NO_FILTERS, from: '2026-12-01', to: '2026-12-02' });
    expect(q.created_after).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(q.created_after).toBe(startOfDayUtc('2026-12-01'));
    expect(q.created_before).toBe(startOfDayUtc('2026-12-03'));
    // Local midnights: whatever the time zone, the span is the two days.
    expect(Date.parse(q.created_before!) - Date.parse(q.created_after!)).toBe(2 * 24 * 3600 * 1000);
    expect(new Date(q.created_after!).getHours()).toBe(0);
  });

  it('means the visitor\'s own days, not UTC ones', () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland'; // UTC+13 in December
      expect(apiFilters({ ...NO_FILTERS, from: '2026-12-01', to: '2026-12-01' }))
        .toEqual({ created_after: '2026-11-30T11:00:00Z', created_before: '2026-12-01T11:00:00Z' });
      process.env.TZ = 'America/Los_Angeles'; // UTC-8
      expect(startOfDayUtc('2026-12-01')).toBe('2026-12-01T08:00:00Z');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('rolls a day over the month and year', () => {
    expect(startOfDayUtc('2026-12-31', 1)).toBe(startOfDayUtc('2027-01-01'));
  });
});

describe('dates', () => {
  it('accepts only real calendar days', () => {
    expect(isDay('2026-12-01')).toBe(true);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('1/12/2026')).toBe(false);
    expect(isDay('')).toBe(false);
  });

  it('says when the range ends before it starts', () => {
    expect(rangeProblem({ ...NO_FILTERS, from: '2026-12-02', to: '2026-12-01' })).toMatch(/before/);
    expect(rangeProblem({ ...NO_FILTERS, from: '2026-12-01', to: '2026-12-01' })).toBeNull();
    expect(rangeProblem({ ...NO_FILTERS, from: '2026-12-01' })).toBeNull();
  });
});

describe('unfinishedToWatch', () => {
  it('follows only unfinished jobs, newest first, at most MAX_WATCHED', () => {
    const statuses = ['COMPLETED', 'PENDING', 'PROCESSING', 'FAILED', 'PENDING', 'PENDING', 'PENDING', 'CANCELLED'] as const;
    const jobs: Job[] = statuses.map((status, i) => ({ job_id: `j${i}`, status, created_at: '2026-12-02T10:00:00Z' }));
    expect(unfinishedToWatch(jobs)).toEqual(['j1', 'j2', 'j4', 'j5'].slice(0, MAX_WATCHED));
  });
});
