import { useState } from 'react';
import { api } from '../lib/api';
import type { Job } from '../lib/types';
import { useAuth } from './AuthContext';
import { ConfirmDialog } from './ConfirmDialog';

export function jobName(job: Job): string {
  return job.media?.filename || job.job_id;
}

// Asks before the job and its files are removed for good.
export function ConfirmDeleteDialog({ job, onConfirm, onClose }: {
  job: Job; onConfirm: () => Promise<void>; onClose: () => void;
}) {
  return (
    <ConfirmDialog testId="delete-dialog" title={`Delete ${jobName(job)}?`} onConfirm={onConfirm} onClose={onClose}
                   description="This removes the uploaded file, its report and its face crops from DeepTrace for good. It cannot be undone."
                   keepLabel="Keep it" confirmLabel="Delete for good" busyLabel="Deleting…" />
  );
}

// A finished job's Delete action, on its report page and in History. The
// server refuses a queued or running job (JOB_STILL_RUNNING): `onError`
// gets that, and any other failure, to show with ErrorNotice.
export function DeleteJobButton({ job, onDeleted, onError, compact = false }: {
  job: Job; onDeleted: (job: Job) => void; onError: (error: unknown) => void; compact?: boolean;
}) {
  const { handleAuthError } = useAuth();
  const [confirming, setConfirming] = useState(false);
  async function remove() {
    try {
      await api.deleteJob(job.job_id);
      onDeleted(job);
    } catch (e) {
      if (!handleAuthError(e)) onError(e);
    }
  }
  return (
    <>
      <button type="button" className={`btn-danger ${compact ? 'py-1' : ''}`} aria-haspopup="dialog"
              aria-label={compact ? `Delete ${jobName(job)}` : undefined} onClick={() => setConfirming(true)}>
        Delete
      </button>
      {confirming && <ConfirmDeleteDialog job={job} onConfirm={remove} onClose={() => setConfirming(false)} />}
    </>
  );
}
