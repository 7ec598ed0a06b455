import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../lib/api';
import { showsAnchors } from '../lib/anchor';
import { formatDateTime } from '../lib/format';
import { notApplicableReason } from '../lib/verdict';
import { useApiKey, useAuth } from '../components/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { CancelledJob, FailedJob } from '../components/JobOutcome';
import { cancelledHere, rememberCancelledHere } from '../lib/cancelled';
import { LiveProgress } from '../components/LiveProgress';
import { StatusBadge } from '../components/StatusBadge';
import { useJobEvents } from '../components/useJobEvents';
import type { Job } from '../lib/types';

// The report (and its chart library) loads only when a report is shown.
const ReportView = lazy(() => import('../components/ReportView').then((m) => ({ default: m.ReportView })));

function JobBody({ apiKey, job, onCancel, cancelling, anchoring }: {
  apiKey: string; job: Job; onCancel: () => void; cancelling: boolean; anchoring: boolean;
}) {
  switch (job.status) {
    case 'PENDING':
    case 'PROCESSING':
      return <LiveProgress job={job} onCancel={onCancel} cancelling={cancelling} />;
    case 'FAILED':
      return <FailedJob job={job} />;
    case 'CANCELLED':
      return <CancelledJob job={job} byYou={cancelledHere(job.job_id)} />;
    case 'COMPLETED':
      if (!job.result) return <p className="card text-sm">{notApplicableReason(null)}</p>;
      return (
        <Suspense fallback={<p className="card text-sm text-slate-600" role="status">Loading the report…</p>}>
          <ReportView apiKey={apiKey} jobId={job.job_id} report={job.result} anchoring={anchoring} />
        </Suspense>
      );
  }
}

export function JobPage() {
  const { id = '' } = useParams();
  const apiKey = useApiKey();
  const { handleAuthError, user } = useAuth();
  const anchoring = showsAnchors(user);
  const { job, error, setJob } = useJobEvents(apiKey, id);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);

  async function cancel() {
    setCancelling(true);
    setCancelError(null);
    try {
      rememberCancelledHere(id);
      setJob(await api.cancel(apiKey, id));
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
      </div>
      <p className="text-xs text-slate-500">
        Job <code className="break-all">{id}</code>{job && <> · submitted {formatDateTime(job.created_at)}</>} ·{' '}
        <Link to="/history" className="link">all jobs</Link>
      </p>
      {error ? <ErrorNotice error={error} title="Cannot show this job" />
        : !job ? <p className="card text-sm text-slate-600" role="status">Connecting to the live status…</p>
        : <JobBody apiKey={apiKey} job={job} onCancel={cancel} cancelling={cancelling} anchoring={anchoring} />}
      {cancelError ? <ErrorNotice error={cancelError} title="Could not cancel" /> : null}
    </section>
  );
}
