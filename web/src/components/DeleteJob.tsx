import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../lib/api';
import type { Job } from '../lib/types';
import { useAuth } from './AuthContext';

export function jobName(job: Job): string {
  return job.media?.filename || job.job_id;
}

// Asks before anything is removed, in a modal <dialog>: it takes focus (on
// "Keep it", the safe choice), Escape closes it, and the page behind it is
// inert until it closes.
export function ConfirmDeleteDialog({ job, onConfirm, onClose }: {
  job: Job; onConfirm: () => Promise<void>; onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const textId = useId();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  // Closing fires 'close' later, as a task; by then a remount (React's
  // StrictMode runs effects twice) may have opened the dialog again.
  const closed = () => { if (!dialog.current?.open) onClose(); };
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  }
  return (
    <dialog ref={dialog} aria-labelledby={titleId} aria-describedby={textId} onClose={closed} data-testid="delete-dialog"
            className="w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl
                       dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
      <div className="space-y-3 p-5">
        <h2 id={titleId} className="break-all text-lg font-semibold">Delete {jobName(job)}?</h2>
        <p id={textId} className="text-sm text-slate-700 dark:text-slate-300">
          This removes the uploaded file, its report and its face crops from DeepTrace for good. It cannot be undone.
        </p>
        <div className="flex flex-wrap justify-end gap-2 pt-2">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()} disabled={busy}>Keep it</button>
          <button type="button" className="btn-danger-solid" onClick={confirm} disabled={busy}>
            {busy ? 'Deleting…' : 'Delete for good'}
          </button>
        </div>
      </div>
    </dialog>
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
