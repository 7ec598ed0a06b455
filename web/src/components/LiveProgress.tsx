import { formatElapsed, stageLabel } from '../lib/format';
import { STAGES } from '../lib/generated/report';
import { queuePositionText } from '../lib/queue';
import type { Job, Progress } from '../lib/types';
import { ProgressBar } from './ProgressBar';
import { useNow } from './useJobEvents';

// Stage steps (the contract's stages, in order), the current stage's progress
// bar and the elapsed time.
const WAITING: Progress = { stage: 'queued', done: 0, total: 0 };

// `queuePosition`: the queued job's latest place in line (JobPage keeps it fresh).
export function LiveProgress({ job, onCancel, cancelling, queuePosition = null }: {
  job: Job; onCancel: () => void; cancelling: boolean; queuePosition?: number | null;
}) {
  const position = job.status === 'PENDING' ? queuePositionText(queuePosition) : null;
  const now = useNow(true);
  const progress = job.progress ?? WAITING;
  const stage = job.status === 'PENDING' ? 'queued' : progress.stage;
  const current = Math.max(STAGES.indexOf(stage), 0);
  const since = Date.parse(job.started_at ?? job.created_at);
  const fraction = progress.total > 0 ? progress.done / progress.total : null;
  return (
    <div className="card space-y-4 print:hidden" data-testid="live-progress">
      <ol className="grid grid-cols-3 gap-2 text-xs sm:grid-cols-6" aria-label="Stages">
        {STAGES.map((s, i) => (
          <li key={s} aria-current={i === current ? 'step' : undefined}
              className={`rounded px-2 py-1.5 text-center ${i < current ? 'bg-indigo-100 dark:bg-indigo-900 text-indigo-900 dark:text-indigo-100'
                : i === current ? 'bg-indigo-600 font-semibold text-white' : 'bg-slate-100 dark:bg-slate-800 text-slate-600 dark:text-slate-400'}`}>
            {stageLabel(s)}
          </li>
        ))}
      </ol>
      <div aria-live="polite">
        <div className="mb-1 flex flex-wrap justify-between gap-2 text-sm">
          <span className="flex flex-col gap-x-1.5 sm:flex-row sm:flex-wrap">
            <span className="font-medium" data-testid="stage">{stageLabel(stage)}
              {progress.total > 0 && job.status === 'PROCESSING' && <span className="text-slate-600 dark:text-slate-400"> · {progress.done} of {progress.total}</span>}
            </span>
            {position && (
              <>
                <span aria-hidden="true" className="hidden text-slate-500 dark:text-slate-400 sm:inline">·</span>
                <span className="text-indigo-800 dark:text-indigo-200" data-testid="queue-position">{position}</span>
              </>
            )}
          </span>
          <span className="tabular-nums text-slate-600 dark:text-slate-400" data-testid="elapsed">
            {job.started_at ? 'Running' : 'Waiting'} for {formatElapsed(now - since)}
          </span>
        </div>
        <ProgressBar fraction={job.status === 'PENDING' ? null : fraction} label={stageLabel(stage)} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn-danger" onClick={onCancel} disabled={cancelling || job.cancel_requested}>
          {cancelling || job.cancel_requested ? 'Cancelling…' : 'Cancel analysis'}
        </button>
        <span className="text-xs text-slate-500 dark:text-slate-400">This page updates live; you can also leave and find the job in History.</span>
      </div>
    </div>
  );
}
