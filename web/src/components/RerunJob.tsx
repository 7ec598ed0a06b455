import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../lib/api';
import {
  hasProblems, NO_CATALOGUE, rerunBody, rerunDefaults, rerunFields, rerunProblems, type DetectorCatalogue, type RerunBody,
} from '../lib/rerun';
import type { Job, UploadLimits } from '../lib/types';
import { useAuth } from './AuthContext';
import { jobName } from './DeleteJob';
import { ErrorNotice } from './ErrorNotice';

// The same upload analysed again as a new job: frames and detectors start
// as this job's own; on success the page moves to the new job.
export function RerunDialog({ job, catalogue, limits, onSubmit, onClose }: {
  job: Job; catalogue: DetectorCatalogue; limits?: UploadLimits;
  onSubmit: (body: RerunBody) => Promise<void>; onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const framesId = useId();
  const framesHelpId = useId();
  const detectorsHelpId = useId();
  const fields = rerunFields(job, catalogue);
  const [form, setForm] = useState(() => rerunDefaults(job, catalogue, limits));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const closed = () => { if (!dialog.current?.open) onClose(); };
  const problems = rerunProblems(form, fields, limits);
  const shown = problems;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (hasProblems(problems)) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(rerunBody(form, fields, catalogue));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const toggle = (name: string, on: boolean) =>
    setForm((f) => ({ ...f, detectors: on ? [...f.detectors, name] : f.detectors.filter((n) => n !== name) }));
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={closed} data-testid="rerun-dialog"
            className="w-[min(30rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl
                       dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
      <form className="space-y-4 p-5" onSubmit={submit} noValidate>
        <div className="space-y-1">
          <h2 id={titleId} className="break-all text-lg font-semibold">Re-run {jobName(job)}</h2>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            The same upload is analysed again as a new job; this job and its report stay as they are.
          </p>
        </div>
        {fields.frames && (
          <div>
            <label htmlFor={framesId} className="mb-1 block text-sm font-medium">Frames to analyse</label>
            <input id={framesId} inputMode="numeric" className="field max-w-[10rem]" value={form.frames} disabled={busy}
                   onChange={(e) => setForm((f) => ({ ...f, frames: e.target.value }))}
                   aria-invalid={!!shown.frames} aria-describedby={framesHelpId} />
            <p id={framesHelpId} className={`mt-1 text-xs ${shown.frames ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
               data-testid="rerun-frames-help">
              {shown.frames ?? `This job used ${job.options?.frames ?? 'the default'}; from 1 to ${limits?.max_frames ?? 'the server\u2019s limit'}.`}
            </p>
          </div>
        )}
        {fields.detectors && (
          <fieldset aria-describedby={detectorsHelpId}>
            <legend className="mb-1 text-sm font-medium">Detectors</legend>
            <ul className="space-y-1">
              {catalogue.detectors.map((d) => (
                <li key={d.name}>
                  <label className={`flex items-center gap-2 text-sm ${d.available ? '' : 'text-slate-500 dark:text-slate-400'}`}
                         title={d.available ? undefined : d.reason}>
                    <input type="checkbox" className="h-4 w-4 rounded border-slate-300 accent-indigo-600 dark:border-slate-600"
                           checked={form.detectors.includes(d.name)} disabled={!d.available || busy}
                           onChange={(e) => toggle(d.name, e.target.checked)} />
                    <span className="break-words">{d.name}{d.available ? '' : ' (not installed)'}</span>
                  </label>
                </li>
              ))}
            </ul>
            <p id={detectorsHelpId} className={`mt-1 text-xs ${shown.detectors ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
               data-testid="rerun-detectors-help">
              {shown.detectors ?? 'The ones this job ran are ticked to start with.'}
            </p>
          </fieldset>
        )}
        {!fields.frames && !fields.detectors && (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Nothing to choose for this file: it is analysed with the server&apos;s current models.
          </p>
        )}
        {error ? <ErrorNotice error={error} title="Could not re-run" /> : null}
        <div className="flex flex-wrap justify-end gap-2 pt-1">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()} disabled={busy}>Keep as is</button>
          <button type="submit" className="btn-primary" disabled={busy || hasProblems(problems)}>
            {busy ? 'Starting…' : 'Re-run analysis'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

// "Re-run…" on a finished job's page; its form needs the detector list,
// asked for when it opens.
export function RerunButton({ job }: { job: Job }) {
  const { handleAuthError, user } = useAuth();
  const navigate = useNavigate();
  const [catalogue, setCatalogue] = useState<DetectorCatalogue | null>(null);
  const [open, setOpen] = useState(false);
  // The new job's page; a 401 signs out instead of showing in the form.
  async function submit(body: RerunBody) {
    try {
      const made = await api.rerun(job.job_id, body);
      navigate(`/jobs/${encodeURIComponent(made.job_id)}`);
    } catch (e) {
      if (!handleAuthError(e)) throw e;
    }
  }
  async function openForm() {
    setOpen(true);
    if (!catalogue) setCatalogue(await api.detectorCatalogue().catch(() => NO_CATALOGUE));
  }
  return (
    <>
      <button type="button" className="btn-secondary" aria-haspopup="dialog" onClick={() => void openForm()}
              disabled={open && !catalogue}>
        Re-run…
      </button>
      {open && catalogue && <RerunDialog job={job} catalogue={catalogue} limits={user?.limits} onSubmit={submit}
                                         onClose={() => setOpen(false)} />}
    </>
  );
}
