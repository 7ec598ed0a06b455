import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  batchSummary, batchToWatch, uploadStateText, type BatchError, type BatchItem,
} from '../lib/batch';
import { explainError } from '../lib/errors';
import { formatBytes, formatPercent, stageLabel } from '../lib/format';
import { queuePositionOf, queuePositionText } from '../lib/queue';
import { isTerminal, watchJob } from '../lib/sse';
import { mediaKindOf } from '../lib/thumbnail';
import type { Job } from '../lib/types';
import { useAuth } from './AuthContext';
import { MediaIcon } from './MediaIcon';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';
import { VerdictPill } from './VerdictPill';

function kindOf(item: BatchItem) {
  return mediaKindOf({ media: { filename: item.name, content_type: item.type } });
}

function RefusedIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" aria-hidden="true"
         className="h-6 w-6 shrink-0 text-red-700 dark:text-red-300">
      <circle cx="12" cy="12" r="9" /><path d="M12 7.5v5.5m0 3.5h.01" />
    </svg>
  );
}

// One file's row: what it is on the left, its state on the right (below on
// a phone), and a line under both for what went wrong.
function Row({ item, name, aside, note }: { item: BatchItem; name?: ReactNode; aside: ReactNode; note?: ReactNode }) {
  return (
    <li className="border-b border-slate-200 py-3 last:border-0 dark:border-slate-700 print:break-inside-avoid"
        data-testid="batch-row" data-name={item.name} data-state={item.state}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <div className="flex min-w-0 flex-1 items-center gap-3">
          {item.state === 'invalid' ? <RefusedIcon />
            : <MediaIcon kind={kindOf(item)} className="h-6 w-6 shrink-0 text-slate-500 dark:text-slate-400" />}
          <div className="min-w-0">
            <p className="break-all text-sm font-medium">{name ?? item.name}</p>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {formatBytes(item.size)}{item.type ? ` · ${item.type}` : ''}
            </p>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2 pl-9 sm:w-80 sm:shrink-0 sm:justify-end sm:pl-0">{aside}</div>
      </div>
      {note}
    </li>
  );
}

function Problem({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <p className="mt-2 rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200" data-testid={testId}>
      {children}
    </p>
  );
}

function UploadFailure({ error }: { error: BatchError }) {
  const explanation = explainError(error.code, error.message);
  return (
    <Problem testId="row-error">
      <code className="mr-2 rounded bg-red-100 px-1.5 py-0.5 text-xs dark:bg-red-900/60" data-testid="error-code">{error.code}</code>
      {explanation}{error.message && error.message !== explanation ? ` (${error.message})` : ''}
    </Problem>
  );
}

const muted = 'text-sm text-slate-600 dark:text-slate-400';

// Before and during the upload: each file with its own check, progress
// bar (bytes and percent) and outcome; `onCancel` stops one file's upload,
// or keeps a waiting one from starting.
export function BatchUploadList({ items, onCancel }: { items: BatchItem[]; onCancel: (key: string) => void }) {
  return (
    <ul aria-label="Files to upload" data-testid="batch-list">
      {items.map((item) => {
        const stats = item.stats;
        const cancel = (
          <button type="button" className="btn-secondary px-3 py-1" onClick={() => onCancel(item.key)}
                  aria-label={`Cancel ${item.name}`}>Cancel</button>
        );
        let aside: ReactNode;
        if (item.state === 'uploading' && stats) {
          aside = (
            <div className="w-full space-y-1" data-testid="row-progress">
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm font-medium tabular-nums">{formatPercent(stats.fraction)}</span>
                {cancel}
              </div>
              <ProgressBar fraction={stats.fraction} label={`Upload progress of ${item.name}`} />
              <p className="text-xs tabular-nums text-slate-600 dark:text-slate-400" data-testid="row-bytes">
                {formatBytes(stats.loaded)} of {formatBytes(stats.total)}
              </p>
            </div>
          );
        } else if (item.state === 'queued') {
          aside = <><span className={muted}>{uploadStateText(item)}</span>{cancel}</>;
        } else if (item.state === 'uploaded' && item.job) {
          aside = (
            <span className="text-sm font-medium text-emerald-800 dark:text-emerald-300">
              Uploaded · <Link to={`/jobs/${encodeURIComponent(item.job.job_id)}`} className="link"
                               aria-label={`View job for ${item.name}`}>view job</Link>
            </span>
          );
        } else {
          aside = <span className={muted}>{uploadStateText(item)}</span>;
        }
        return (
          <Row key={item.key} item={item} aside={aside}
               note={item.problem ? <Problem testId="row-problem">{item.problem}</Problem>
                 : item.error ? <UploadFailure error={item.error} /> : null} />
        );
      })}
    </ul>
  );
}

// A job's state in a batch row: its badge, then what goes with that state.
function JobState({ job }: { job: Job }) {
  const position = queuePositionText(queuePositionOf(job));
  return (
    <>
      <StatusBadge status={job.status} />
      {job.status === 'COMPLETED' && job.result && (
        <VerdictPill verdict={job.result.verdict} score={job.result.fake_score} thresholds={job.result.thresholds} />
      )}
      {position && <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="queue-position">{position}</span>}
      {job.status === 'PROCESSING' && job.progress && (
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {stageLabel(job.progress.stage)}{job.progress.total > 0 ? ` · ${job.progress.done} of ${job.progress.total}` : ''}
        </span>
      )}
      {job.status === 'FAILED' && job.error?.code && (
        <code className="rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900 dark:bg-red-900/60 dark:text-red-100">{job.error.code}</code>
      )}
    </>
  );
}

// Follows one job over SSE while mounted (the current state first, then
// each change, until it ends); rendered for at most MAX_WATCHED jobs.
function JobWatcher({ id, onJob, onGiveUp }: {
  id: string; onJob: (job: Job) => void; onGiveUp: (id: string, error: unknown) => void;
}) {
  const { handleAuthError } = useAuth();
  useEffect(() => {
    const controller = new AbortController();
    watchJob(id, (event) => onJob(event.job), { signal: controller.signal })
      .catch((e) => { if (!controller.signal.aborted && !handleAuthError(e)) onGiveUp(id, e); });
    return () => controller.abort();
  }, [id, onJob, onGiveUp, handleAuthError]);
  return null;
}

// After the uploads: one row per file, each uploaded one with its job's
// live status and, once done, its verdict and a link to its report.
// `onSettled` keeps the jobs' final states with the batch once all have
// ended, so coming back to it shows them at once and opens no stream.
export function BatchResults({ items, onReset, onSettled }: {
  items: BatchItem[]; onReset: () => void; onSettled?: (items: BatchItem[]) => void;
}) {
  const [live, setLive] = useState<Record<string, Job>>({});
  const [lost, setLost] = useState<Record<string, string>>({});
  const onJob = useCallback((job: Job) => setLive((l) => ({ ...l, [job.job_id]: job })), []);
  const onGiveUp = useCallback((id: string, e: unknown) => {
    setLost((l) => ({ ...l, [id]: e instanceof Error ? e.message : String(e) }));
  }, []);
  const watched = batchToWatch(items, live, new Set(Object.keys(lost)));
  const summary = batchSummary(items, live);
  const allDone = items.every((item) => !item.job || isTerminal((live[item.job.job_id] ?? item.job).status));
  useEffect(() => {
    // The kept copy comes back as a clone (history state), so compare states, not objects.
    const newer = (item: BatchItem) => {
      const latest = item.job && live[item.job.job_id];
      return !!latest && (latest.status !== item.job!.status || latest.updated_at !== item.job!.updated_at);
    };
    if (!allDone || !onSettled || !items.some(newer)) return;
    onSettled(items.map((item) => (item.job ? { ...item, job: live[item.job.job_id] ?? item.job } : item)));
  }, [allDone, items, live, onSettled]);
  return (
    <section className="card space-y-3" data-testid="batch-results" aria-labelledby="batch-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="batch-title" className="text-lg font-semibold">This batch</h2>
        <button type="button" className="btn-secondary print:hidden" onClick={onReset}>Upload more files</button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300" role="status" data-testid="batch-summary">{summary}</p>
      {!allDone && (
        <p className="text-xs text-slate-600 dark:text-slate-400 print:hidden">
          These rows update live; you can also leave and find the jobs in <Link to="/history" className="link">History</Link>.
        </p>
      )}
      <ul aria-label="Files in this batch">
        {items.map((item) => {
          const job = item.job ? live[item.job.job_id] ?? item.job : null;
          if (!job) {
            return (
              <Row key={item.key} item={item} aside={<span className={muted}>{uploadStateText(item)}</span>}
                   note={item.problem ? <Problem testId="row-problem">{item.problem}</Problem>
                     : item.error ? <UploadFailure error={item.error} /> : null} />
            );
          }
          const name = <Link to={`/jobs/${encodeURIComponent(job.job_id)}`} className="link" data-testid="report-link">{item.name}</Link>;
          return (
            <Row key={item.key} item={item} name={name} aside={<JobState job={job} />}
                 note={lost[job.job_id] ? (
                   <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Live status unavailable ({lost[job.job_id]}); open the report for the latest.</p>
                 ) : null} />
          );
        })}
      </ul>
      {watched.map((id) => <JobWatcher key={id} id={id} onJob={onJob} onGiveUp={onGiveUp} />)}
    </section>
  );
}

