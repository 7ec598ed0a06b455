// The history page's state in its URL, and which of its jobs to follow live.
import { JOB_STATUSES, VERDICTS } from './generated/report';
import { isTerminal } from './sse';
import type { Job, JobStatus, Verdict } from './types';

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

export type JobOrder = 'newest' | 'oldest';

// What the visitor narrowed the list to, as the form shows it: `from` and
// `to` are calendar days (YYYY-MM-DD) in the visitor's time zone, both
// included; '' is "any".
export interface HistoryFilters {
  q: string;
  status: JobStatus | '';
  verdict: Verdict | '';
  from: string;
  to: string;
  order: JobOrder;
}

export const NO_FILTERS: HistoryFilters = { q: '', status: '', verdict: '', from: '', to: '', order: 'newest' };

// The API's limit on the file-name search (GET /api/v1/jobs?q=), in UTF-8
// bytes: a name in another script reaches it in fewer characters.
export const MAX_QUERY_BYTES = 200;

// `text` cut to at most `maxBytes` of UTF-8, never inside a character.
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > maxBytes) break;
    end += ch.length;
  }
  return text.slice(0, end);
}

// The search as sent: trimmed and within the API's limit.
function searchText(q: string): string {
  return truncateUtf8(q.trim(), MAX_QUERY_BYTES).trim();
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// A real calendar day, not just the shape of one (2026-02-30 is not).
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date.getFullYear() === Number(m[1]) && date.getMonth() === Number(m[2]) - 1 && date.getDate() === Number(m[3]);
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : '';
}

// Reads the filters from the URL. A hand-edited or stale link with a value
// this page does not know is read as "any" rather than sent to the API to
// fail, so a shared link always shows a list.
export function filtersFromParams(params: URLSearchParams): HistoryFilters {
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return isDay(value) ? value : '';
  };
  return {
    q: searchText(params.get('q') ?? ''),
    status: oneOf(JOB_STATUSES, params.get('status')),
    verdict: oneOf(VERDICTS, params.get('verdict')),
    from: day('from'),
    to: day('to'),
    order: params.get('order') === 'oldest' ? 'oldest' : 'newest',
  };
}

// The URL query for `filters`; defaults are left out, so the plain page is
// plain /history. The paging cursors belong to one set of filters, so they
// are never carried over: changing a filter starts again at page 1.
export function filtersToParams(filters: HistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  const q = searchText(filters.q);
  if (q) params.set('q', q);
  if (filters.status) params.set('status', filters.status);
  if (filters.verdict) params.set('verdict', filters.verdict);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.order !== 'newest') params.set('order', filters.order);
  return params;
}

// Whether the list is narrowed: then an empty list means "nothing matches",
// not "no jobs yet". The order narrows nothing.
export function hasFilters(filters: HistoryFilters): boolean {
  return Boolean(filters.q.trim() || filters.status || filters.verdict || filters.from || filters.to);
}

// GET /api/v1/jobs's query parameters for the filters (api.listJobs).
export interface JobFilters {
  q?: string;
  status?: JobStatus;
  verdict?: Verdict;
  created_after?: string;
  created_before?: string;
  order?: JobOrder;
}

// Local midnight at the start of `day`, `plusDays` later, as RFC 3339 in UTC
// without fractions (2026-12-01T00:00:00Z), the form the API documents.
export function startOfDayUtc(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The API's half-open range [created_after, created_before) covering the
// visitor's days `from` to `to`, both included.
export function apiFilters(filters: HistoryFilters): JobFilters {
  const out: JobFilters = {};
  const q = searchText(filters.q);
  if (q) out.q = q;
  if (filters.status) out.status = filters.status;
  if (filters.verdict) out.verdict = filters.verdict;
  if (filters.from) out.created_after = startOfDayUtc(filters.from);
  if (filters.to) out.created_before = startOfDayUtc(filters.to, 1);
  if (filters.order !== 'newest') out.order = filters.order;
  return out;
}

// A range that ends before it starts matches nothing; the form says so
// instead of showing "no jobs match".
export function rangeProblem(filters: HistoryFilters): string | null {
  return filters.from && filters.to && filters.to < filters.from
    ? 'The "to" date is before the "from" date.' : null;
}
