import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../lib/api';
import { showsAnchors } from '../lib/anchor';
import { formatDateTime } from '../lib/format';
import { isTerminal } from '../lib/sse';
import { notApplicableReason } from '../lib/verdict';
import { useAuth } from '../components/AuthContext';
import { DeleteJobButton, jobName } from '../components/DeleteJob';
import { ErrorNotice } from '../components/ErrorNotice';
import { CancelledJob, FailedJob } from '../components/JobOutcome';
import { cancelledHere, rememberCancelledHere } from '../lib/cancelled';
import { LiveProgress } from '../components/LiveProgress';
import { RerunButton } from '../components/RerunJob';
import { ShareLinksPanel } from '../components/ShareLinks';
import { QUEUE_REFRESH_MS } from '../lib/queue';
import { StatusBadge } from '../components/StatusBadge';
import { useJobEvents } from '../components/useJobEvents';
import type { Job } from '../lib/types';

// The report (and its chart library) loads only when a report is shown.
const ReportView = lazy(() => import('../components/ReportView').then((m) => ({ default: m.ReportView })));

// A queued job's place in line: it moves when other jobs are taken, which
// sends this job no event, so while the job is PENDING the page asks again
// every QUEUE_REFRESH_MS; a newer event from the stream wins over an older
// answer. Stops once the job leaves PENDING.
function useQueuePosition(job: Job | null): number | null {
  const { handleAuthError } = useAuth();
  const [polled, setPolled] = useState<{ seen: Job; position: number | null } | null>(null);
  const latest = useRef(job);
  latest.current = job;
  const pending = job?.status === 'PENDING';
  const id = job?.job_id;
  useEffect(() => {
    if (!pending || !id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const ask = async () => {
      const seen = latest.current;
      try {
        const fresh = await api.job(id);
        if (live && seen && fresh.status === 'PENDING') setPolled({ seen, position: fresh.queue_position ?? null });
      } catch (e) {
        if (live && handleAuthError(e)) return;
      }
      if (live) timer = setTimeout(ask, QUEUE_REFRESH_MS);
    };
    timer = setTimeout(ask, QUEUE_REFRESH_MS);
    return () => { live = false; clearTimeout(timer); };
  }, [id, pending, handleAuthError]);
  if (!job || job.status !== 'PENDING') return null;
  return polled && polled.seen === job ? polled.position : job.queue_position ?? null;
}

function JobBody({ job, onCancel, cancelling, anchoring, queuePosition }: {
  job: Job; onCancel: () => void; cancelling: boolean; anchoring: boolean; queuePosition: number | null;
}) {
  switch (job.status) {
    case 'PENDING':
    case 'PROCESSING':
      return <LiveProgress job={job} onCancel={onCancel} cancelling={cancelling} queuePosition={queuePosition} />;
    case 'FAILED':
      return <FailedJob job={job} />;
    case 'CANCELLED':
      return <CancelledJob job={job} byYou={cancelledHere(job.job_id)} />;
    case 'COMPLETED':
      if (!job.result) return <p className="card text-sm">{notApplicableReason(null)}</p>;
      return (
        <Suspense fallback={<p className="card text-sm text-slate-600 dark:text-slate-400" role="status">Loading the report…</p>}>
          <ReportView jobId={job.job_id} report={job.result} anchoring={anchoring} mediaUrl={api.mediaUrl(job.job_id)} />
        </Suspense>
      );
  }
}

// Whether the server re-runs jobs: the job's own links say so, or else its
// public OpenAPI document (an older server offers no Re-run).
function useCanRerun(job: Job): boolean {
  const [listed, setListed] = useState(false);
  const linked = !!job.links?.rerun;
  useEffect(() => {
    if (linked) return;
    let live = true;
    api.hasRerun().then((has) => live && setListed(has)).catch(() => {});
    return () => { live = false; };
  }, [linked]);
  return linked || listed;
}

// Whether the job's report can be shared: a completed job's, on a server
// whose public OpenAPI document lists share links.
function useCanShare(job: Job): boolean {
  const [listed, setListed] = useState(false);
  const shareable = job.status === 'COMPLETED' && !!job.result;
  useEffect(() => {
    if (!shareable) return;
    let live = true;
    api.hasShares().then((has) => live && setListed(has)).catch(() => {});
    return () => { live = false; };
  }, [shareable]);
  return shareable && listed;
}

const SHARE_PANEL_ID = 'share-panel';

// What can be done with a finished job: print its report, share it, re-run
// it with other settings, delete it. Not on paper (print:hidden); a running
// job has its own Cancel.
function JobActions({ job, onError, sharing, onToggleSharing }: {
  job: Job; onError: (error: unknown) => void; sharing: boolean; onToggleSharing: () => void;
}) {
  const navigate = useNavigate();
  const canRerun = useCanRerun(job);
  const canShare = useCanShare(job);
  if (!isTerminal(job.status)) return null;
  return (
    <div className="flex flex-wrap gap-2 print:hidden" data-testid="job-actions">
      {job.status === 'COMPLETED' && job.result && (
        <button type="button" className="btn-secondary" onClick={() => window.print()}>Print</button>
      )}
      {canShare && (
        <button type="button" className="btn-secondary" aria-expanded={sharing}
                aria-controls={sharing ? SHARE_PANEL_ID : undefined}
                onClick={onToggleSharing}>
          Share…
        </button>
      )}
      {canRerun && <RerunButton job={job} />}
      <DeleteJobButton job={job} onError={onError}
                       onDeleted={(gone) => navigate('/history', { state: { deleted: jobName(gone) } })} />
    </div>
  );
}

export function JobPage() {
  const { id = '' } = useParams();
  const { handleAuthError, user } = useAuth();
  const anchoring = showsAnchors(user);
  const { job, error, setJob } = useJobEvents(id);
  const queuePosition = useQueuePosition(job);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [sharing, setSharing] = useState(false);

  async function cancel() {
    setCancelling(true);
    setCancelError(null);
    try {
      rememberCancelledHere(id);
      setJob(await api.cancel(id));
    } catch (e) {
      if (!handleAuthError(e)) setCancelError(e);
    } finally {
      setCancelling(false);
    }
  }

  return (
    <section aria-labelledby="job-title" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="job-title" className="min-w-0 break-all text-xl font-bold sm:text-2xl">
          {job?.media?.filename || 'Analysis'}
        </h1>
        {job && <StatusBadge status={job.status} />}
        {job && (
          <div className="sm:ml-auto">
            <JobActions job={job} onError={setDeleteError} sharing={sharing} onToggleSharing={() => setSharing((open) => !open)} />
          </div>
        )}
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Job <code className="break-all">{id}</code>{job && <> · submitted {formatDateTime(job.created_at)}</>}
        <span className="print:hidden"> · <Link to="/history" className="link">all jobs</Link></span>
      </p>
      {deleteError ? <ErrorNotice error={deleteError} title="Could not delete" /> : null}
      {sharing && job?.status === 'COMPLETED' && <ShareLinksPanel job={job} id={SHARE_PANEL_ID} />}
      {error ? <ErrorNotice error={error} title="Cannot show this job" />
        : !job ? <p className="card text-sm text-slate-600 dark:text-slate-400" role="status">Connecting to the live status…</p>
        : <JobBody job={job} onCancel={cancel} cancelling={cancelling} anchoring={anchoring}
                   queuePosition={queuePosition} />}
      {cancelError ? <ErrorNotice error={cancelError} title="Could not cancel" /> : null}
    </section>
  );
}
