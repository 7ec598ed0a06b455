import type { JobStatus } from '../lib/types';

// Keyed by the contract's JobStatus, so a status added there fails to compile here.
const STYLES: Record<JobStatus, string> = {
  PENDING: 'bg-slate-100 text-slate-700 ring-slate-300',
  PROCESSING: 'bg-blue-50 text-blue-800 ring-blue-300',
  // Quiet: a finished job's verdict (VerdictPill) is what should catch the eye.
  COMPLETED: 'bg-white text-slate-600 ring-slate-200',
  FAILED: 'bg-red-50 text-red-800 ring-red-300',
  CANCELLED: 'bg-amber-50 text-amber-800 ring-amber-300',
};

const LABELS: Record<JobStatus, string> = {
  PENDING: 'Queued', PROCESSING: 'Analysing', COMPLETED: 'Completed', FAILED: 'Failed', CANCELLED: 'Cancelled',
};

export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span data-testid="status-badge" data-status={status}
          className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[status] ?? STYLES.PENDING}`}>
      {LABELS[status] ?? status}
    </span>
  );
}
