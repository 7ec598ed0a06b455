import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../lib/api';
import { formatBytes, formatDateTime } from '../lib/format';
import { rememberCancelledHere } from '../lib/cancelled';
import { cursorsFromParam, cursorsToParam, unfinishedToWatch } from '../lib/history';
import { isTerminal, watchJob } from '../lib/sse';
import type { Job, JobPage } from '../lib/types';
import { useApiKey, useAuth } from '../components/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { StatusBadge } from '../components/StatusBadge';
import { VerdictPill } from '../components/VerdictPill';

export const PAGE_SIZE = 10;

function JobRow({ job, onCancel }: { job: Job; onCancel: (id: string) => void }) {
  const verdict = job.result?.verdict;
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-100 px-1 py-3 last:border-0" data-testid="history-row">
      <div className="min-w-0 basis-full sm:flex-1 sm:basis-0">
        <Link to={`/jobs/${encodeURIComponent(job.job_id)}`} className="link break-all font-medium">
          {job.media?.filename || job.job_id}
        </Link>
        <p className="text-xs text-slate-500">{formatDateTime(job.created_at)} · {formatBytes(job.media?.size)}</p>
      </div>
      <StatusBadge status={job.status} />
      {verdict && job.result && (
        <VerdictPill verdict={verdict} score={job.result.fake_score} thresholds={job.result.thresholds} />
      )}
      {!isTerminal(job.status) && (
        <button type="button" className="btn-danger py-1" onClick={() => onCancel(job.job_id)} disabled={job.cancel_requested}>
          {job.cancel_requested ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </li>
  );
}

// Keeps the unfinished jobs of the page live: each (up to MAX_WATCHED, so
// the browser's few connections per server stay free) follows its SSE
// stream and its row changes as the job does; a job beyond that is
// refreshed when a watched one ends.
function useLiveRows(apiKey: string, jobs: Job[] | undefined, onJob: (job: Job) => void, onEnded: () => void) {
  const { handleAuthError } = useAuth();
  const watched = useMemo(() => unfinishedToWatch(jobs ?? []).join(' '), [jobs]);
  useEffect(() => {
    if (!watched) return;
    const controller = new AbortController();
    for (const id of watched.split(' ')) {
      watchJob(apiKey, id, (event) => {
        onJob(event.job);
        if (isTerminal(event.job.status)) onEnded();
      }, { signal: controller.signal })
        .catch((e) => { if (!controller.signal.aborted) handleAuthError(e); });
    }
    return () => controller.abort();
  }, [apiKey, watched, onJob, onEnded, handleAuthError]);
}

export function HistoryPage() {
  const apiKey = useApiKey();
  const { handleAuthError } = useAuth();
  // The cursors that load pages 2, 3, ... up to the one shown, kept in the
  // URL (?older=c1,c2) so that a reload or a shared link shows the same page.
  const [params, setParams] = useSearchParams();
  const cursors = useMemo(() => cursorsFromParam(params.get('older')), [params]);
  const [page, setPage] = useState<JobPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cursor = cursors.length > 0 ? cursors[cursors.length - 1] : null;
  const showCursors = (next: string[]) => {
    const nextParams = new URLSearchParams(params);
    if (next.length > 0) nextParams.set('older', cursorsToParam(next));
    else nextParams.delete('older');
    setParams(nextParams);
  };

  const load = useCallback(async () => {
    setError(null);
    try {
      setPage(await api.listJobs(apiKey, PAGE_SIZE, cursor));
    } catch (e) {
      if (!handleAuthError(e)) setError(e);
    }
  }, [apiKey, cursor, handleAuthError]);
  useEffect(() => { void load(); }, [load]);

  const replaceJob = useCallback((job: Job) => {
    setPage((p) => p && { ...p, jobs: p.jobs.map((j) => (j.job_id === job.job_id ? job : j)) });
  }, []);
  const refresh = useCallback(() => { void load(); }, [load]);
  useLiveRows(apiKey, page?.jobs, replaceJob, refresh);

  async function cancel(id: string) {
    try {
      rememberCancelledHere(id);
      replaceJob(await api.cancel(apiKey, id));
    } catch (e) {
      if (!handleAuthError(e)) setError(e);
    }
  }

  return (
    <section aria-labelledby="history-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="history-title" className="text-2xl font-bold">Your analyses</h1>
        <button type="button" className="btn-secondary" onClick={() => void load()}>Refresh</button>
      </div>
      {error ? <ErrorNotice error={error} title="Could not load your jobs" /> : null}
      <div className="card">
        {!page ? <p className="text-sm text-slate-600" role="status">Loading…</p>
          : page.jobs.length === 0 ? (
            <p className="text-sm text-slate-600">No jobs yet. <Link to="/" className="link">Upload a video</Link> to start.</p>
          ) : (
            <ul aria-label="Jobs, newest first">{page.jobs.map((j) => <JobRow key={j.job_id} job={j} onCancel={cancel} />)}</ul>
          )}
      </div>
      <nav aria-label="Pages" className="flex items-center justify-between">
        <button type="button" className="btn-secondary" disabled={cursors.length === 0}
                onClick={() => showCursors(cursors.slice(0, -1))}>← Newer</button>
        <span className="text-sm text-slate-600">Page {cursors.length + 1}</span>
        <button type="button" className="btn-secondary" disabled={!page?.next_cursor}
                onClick={() => page?.next_cursor && showCursors([...cursors, page.next_cursor])}>Older →</button>
      </nav>
    </section>
  );
}
