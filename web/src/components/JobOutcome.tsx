import { explainError } from '../lib/errors';
import type { Job } from '../lib/types';

// FAILED and CANCELLED jobs, explained in words with the stable error code.
export function FailedJob({ job }: { job: Job }) {
  const code = job.error?.code ?? 'INTERNAL';
  return (
    <div role="alert" className="card border-red-300 dark:border-red-800 bg-red-50 dark:bg-red-950/40" data-testid="job-failed">
      <h2 className="h2 text-red-900 dark:text-red-200">The analysis failed
        <code className="ml-2 rounded bg-red-100 dark:bg-red-900/60 px-1.5 py-0.5 text-sm" data-testid="error-code">{code}</code>
      </h2>
      <p className="text-sm text-red-900 dark:text-red-200">{explainError(code, job.error?.message)}</p>
      {job.error?.message && <p className="mt-2 text-sm text-red-800 dark:text-red-200">Details: {job.error.message}</p>}
      {job.attempts !== undefined && (
        <p className="mt-2 text-xs text-red-700 dark:text-red-300">Attempts: {job.attempts}{job.max_attempts ? ` of ${job.max_attempts}` : ''}</p>
      )}
    </div>
  );
}

// `byYou`: the cancel came from this browser tab (lib/cancelled.ts); else
// it came from another tab, the CLI or another key of the account.
export function CancelledJob({ job, byYou }: { job: Job; byYou: boolean }) {
  const when = job.started_at ? 'while it was running' : 'before a worker picked it up';
  return (
    <div role="status" className="card border-amber-300 dark:border-amber-800 bg-amber-50 dark:bg-amber-950/40" data-testid="job-cancelled">
      <h2 className="h2 text-amber-900 dark:text-amber-200">The analysis was cancelled</h2>
      <p className="text-sm text-amber-900 dark:text-amber-200">
        {byYou ? `You cancelled this job ${when}` : `This job was cancelled ${when}, from another tab, the CLI or another key of this account`},
        so there is no report. Upload the file again to analyse it.
      </p>
    </div>
  );
}
