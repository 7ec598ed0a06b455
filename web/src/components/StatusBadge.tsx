import type { JobStatus } from '../lib/types';

// Keyed by the contract's JobStatus, so a status added there fails to compile here.
const STYLES: Record<JobStatus, string> = {
  PENDING: 'bg-slate-100 dark:bg-slate-800 text-slate-700 dark:text-slate-300 ring-slate-300 dark:ring-slate-600',
  PROCESSING: 'bg-blue-50 dark:bg-blue-950/40 text-blue-800 dark:text-blue-200 ring-blue-300 dark:ring-blue-800',
  // Quiet: a finished job's verdict (VerdictPill) is what should catch the eye.
  COMPLETED: 'bg-white dark:bg-slate-900 text-slate-600 dark:text-slate-400 ring-slate-200 dark:ring-slate-700',
  FAILED: 'bg-red-50 dark:bg-red-950/40 text-red-800 dark:text-red-200 ring-red-300 dark:ring-red-800',
  CANCELLED: 'bg-amber-50 dark:bg-amber-950/40 text-amber-800 dark:text-amber-200 ring-amber-300 dark:ring-amber-800',
};

const LABELS: Record<JobStatus, string> = {
  PENDING: 'Queued', PROCESSING: 'Analysing', COMPLETED: 'Completed', FAILED: 'Failed', CANCELLED: 'Cancelled',
};

// The badge's words, for anything else that names a status (History's filter).
export function statusLabel(status: JobStatus): string {
  return LABELS[status] ?? status;
}

export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span data-testid="status-badge" data-status={status}
          className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[status] ?? STYLES.PENDING}`}>
      {statusLabel(status)}
    </span>
  );
}
