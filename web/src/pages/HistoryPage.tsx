import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../lib/api';
import { formatBytes, formatDateTime } from '../lib/format';
import { rememberCancelledHere } from '../lib/cancelled';
import {
  apiFilters, cursorsFromParam, cursorsToParam, filtersFromParams, filtersToParams, hasFilters, NO_FILTERS,
  unfinishedToWatch, type HistoryFilters,
} from '../lib/history';
import { queuePositionOf, queuePositionText } from '../lib/queue';
import { isTerminal, watchJob } from '../lib/sse';
import type { Job, JobPage } from '../lib/types';
import { useAuth } from '../components/AuthContext';
import { DeleteJobButton, jobName } from '../components/DeleteJob';
import { ErrorNotice } from '../components/ErrorNotice';
import { HistoryFiltersForm } from '../components/HistoryFilters';
import { JobThumbnail } from '../components/JobThumbnail';
import { StatusBadge } from '../components/StatusBadge';
import { VerdictPill } from '../components/VerdictPill';

export const PAGE_SIZE = 10;

function JobRow({ job, onCancel, onDeleted, onError }: {
  job: Job; onCancel: (id: string) => void; onDeleted: (job: Job) => void; onError: (error: unknown) => void;
}) {
  const verdict = job.result?.verdict;
  const position = queuePositionText(queuePositionOf(job));
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-100 px-1 py-3 last:border-0 dark:border-slate-800" data-testid="history-row">
      <div className="flex min-w-0 basis-full items-center gap-3 sm:flex-1 sm:basis-0">
        <JobThumbnail job={job} />
        <div className="min-w-0">
          <Link to={`/jobs/${encodeURIComponent(job.job_id)}`} className="link break-all font-medium">
            {jobName(job)}
          </Link>
          <p className="text-xs text-slate-500 dark:text-slate-400">{formatDateTime(job.created_at)} · {formatBytes(job.media?.size)}</p>
        </div>
      </div>
      <StatusBadge status={job.status} />
      {position && <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="queue-position">{position}</span>}
      {verdict && job.result && (
        <VerdictPill verdict={verdict} score={job.result.fake_score} thresholds={job.result.thresholds} />
      )}
      {!isTerminal(job.status) ? (
        <button type="button" className="btn-danger py-1" onClick={() => onCancel(job.job_id)} disabled={job.cancel_requested}>
          {job.cancel_requested ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : (
        <DeleteJobButton job={job} onDeleted={onDeleted} onError={onError} compact />
      )}
    </li>
  );
}

// Keeps the unfinished jobs of the page live: each (up to MAX_WATCHED, so
// the browser's few connections per server stay free) follows its SSE
// stream and its row changes as the job does; a job beyond that is
// refreshed when a watched one ends.
function useLiveRows(jobs: Job[] | undefined, onJob: (job: Job) => void, onEnded: () => void) {
  const { handleAuthError } = useAuth();
  const watched = useMemo(() => unfinishedToWatch(jobs ?? []).join(' '), [jobs]);
  useEffect(() => {
    if (!watched) return;
    const controller = new AbortController();
    for (const id of watched.split(' ')) {
      watchJob(id, (event) => {
        onJob(event.job);
        if (isTerminal(event.job.status)) onEnded();
      }, { signal: controller.signal })
        .catch((e) => { if (!controller.signal.aborted) handleAuthError(e); });
    }
    return () => controller.abort();
  }, [watched, onJob, onEnded, handleAuthError]);
}

// "Deleted clip.mp4", handed over by the report page's Delete (router
// state), said once: the state is dropped so a reload does not repeat it.
function useDeletedNotice(): [string | null, (notice: string | null) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const handedOver = (location.state as { deleted?: string } | null)?.deleted ?? null;
  const [notice, setNotice] = useState(handedOver ? `Deleted ${handedOver}` : null);
  useEffect(() => {
    if (handedOver) navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [handedOver, navigate, location.pathname, location.search]);
  return [notice, setNotice];
}

// Why the list is empty: nothing uploaded yet, nothing matching the
// filters, or a page past the end (its last job was just deleted).
function EmptyList({ filters, paged, onClear }: { filters: HistoryFilters; paged: boolean; onClear: () => void }) {
  if (hasFilters(filters)) {
    return (
      <div className="space-y-2 text-sm text-slate-600 dark:text-slate-400" data-testid="history-no-match">
        <p>No jobs match these filters.</p>
        <button type="button" className="btn-secondary" onClick={onClear}>Clear filters</button>
      </div>
    );
  }
  if (paged) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="history-past-end">
        No more jobs here. <Link to="/history" className="link">Back to the first page</Link>
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="history-empty">
      No jobs yet. <Link to="/" className="link">Upload a video</Link> to start.
    </p>
  );
}

export function HistoryPage() {
  const { handleAuthError } = useAuth();
  // The filters, and the cursors that load pages 2, 3, ... up to the one
  // shown, are kept in the URL (?q=clip&status=COMPLETED&older=c1,c2) so
  // that a reload or a shared link shows the same list and page.
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const cursors = useMemo(() => cursorsFromParam(params.get('older')), [params]);
  const cursor = cursors.length > 0 ? cursors[cursors.length - 1] : null;
  const query = useMemo(() => apiFilters(filters), [filters]);
  // A page is shown only with the query it answers: after a change of
  // filters the old rows give way to "Loading…", not pass for the new ones.
  const key = JSON.stringify([cursor, query]);
  const [loaded, setLoaded] = useState<{ key: string; page: JobPage } | null>(null);
  const page = loaded?.key === key ? loaded.page : null;
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useDeletedNotice();
  const latest = useRef(0);

  const showCursors = (next: string[]) => {
    const nextParams = new URLSearchParams(params);
    if (next.length > 0) nextParams.set('older', cursorsToParam(next));
    else nextParams.delete('older');
    setParams(nextParams);
  };
  // New filters start again at page 1 (filtersToParams drops the cursors).
  const showFilters = (next: HistoryFilters) => setParams(filtersToParams(next));

  const load = useCallback(async () => {
    const request = ++latest.current; // only the latest answer is shown
    setError(null);
    try {
      const answer = await api.listJobs(PAGE_SIZE, cursor, query);
      if (request === latest.current) setLoaded({ key, page: answer });
    } catch (e) {
      if (request === latest.current && !handleAuthError(e)) setError(e);
    }
  }, [cursor, query, key, handleAuthError]);
  useEffect(() => { void load(); }, [load]);

  const replaceJob = useCallback((job: Job) => {
    setLoaded((l) => l && { ...l, page: { ...l.page, jobs: l.page.jobs.map((j) => (j.job_id === job.job_id ? job : j)) } });
  }, []);
  const refresh = useCallback(() => { void load(); }, [load]);
  useLiveRows(page?.jobs, replaceJob, refresh);

  async function cancel(id: string) {
    setActionError(null);
    try {
      rememberCancelledHere(id);
      replaceJob(await api.cancel(id));
    } catch (e) {
      if (!handleAuthError(e)) setActionError(e);
    }
  }

  function deleted(job: Job) {
    setActionError(null);
    setNotice(`Deleted ${jobName(job)}`);
    refresh();
  }

  const newestFirst = filters.order === 'newest';
  return (
    <section aria-labelledby="history-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="history-title" className="text-2xl font-bold">Your analyses</h1>
        <button type="button" className="btn-secondary" onClick={() => void load()}>Refresh</button>
      </div>
      <HistoryFiltersForm filters={filters} onChange={showFilters} />
      <div role="status" data-testid="history-notice">
        {notice && (
          <p className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100">
            {notice}
          </p>
        )}
      </div>
      {error ? <ErrorNotice error={error} title="Could not load your jobs" /> : null}
      {actionError ? <ErrorNotice error={actionError} title="Could not do that" /> : null}
      <div className="card" aria-busy={!page}>
        {!page ? <p className="text-sm text-slate-600 dark:text-slate-400" role="status">Loading…</p>
          : page.jobs.length === 0 ? <EmptyList filters={filters} paged={cursors.length > 0} onClear={() => showFilters(NO_FILTERS)} />
          : (
            <ul aria-label={`Jobs, ${newestFirst ? 'newest' : 'oldest'} first`}>
              {page.jobs.map((j) => (
                <JobRow key={j.job_id} job={j} onCancel={cancel} onDeleted={deleted} onError={setActionError} />
              ))}
            </ul>
          )}
      </div>
      <nav aria-label="Pages" className="flex items-center justify-between">
        <button type="button" className="btn-secondary" disabled={cursors.length === 0}
                onClick={() => showCursors(cursors.slice(0, -1))}>{newestFirst ? '← Newer' : '← Older'}</button>
        <span className="text-sm text-slate-600 dark:text-slate-400">Page {cursors.length + 1}</span>
        <button type="button" className="btn-secondary" disabled={!page?.next_cursor}
                onClick={() => page?.next_cursor && showCursors([...cursors, page.next_cursor])}>{newestFirst ? 'Older →' : 'Newer →'}</button>
      </nav>
    </section>
  );
}
