import { formatScore } from '../lib/format';
import type { Thresholds, Verdict } from '../lib/types';
import { verdictLabel, verdictWording, type Tone } from '../lib/verdict';

// The verdict's tone, as the report's banner colours it; the job's status
// badge beside it stays quiet, so the verdict is what catches the eye.
const PILL_TONES: Record<Tone, string> = {
  warning: 'bg-orange-100 dark:bg-orange-900/60 text-orange-900 dark:text-orange-100 ring-orange-300 dark:ring-orange-800',
  ok: 'bg-emerald-100 dark:bg-emerald-900/60 text-emerald-900 dark:text-emerald-100 ring-emerald-300 dark:ring-emerald-800',
  neutral: 'bg-slate-100 dark:bg-slate-800 text-slate-900 dark:text-slate-100 ring-slate-300 dark:ring-slate-600',
  muted: 'bg-white dark:bg-slate-900 text-slate-700 dark:text-slate-300 ring-slate-300 dark:ring-slate-600',
};

// A finished job's verdict in a list: its label and score, in its tone.
export function VerdictPill({ verdict, score, thresholds }: {
  verdict: Verdict; score: number | null | undefined; thresholds: Thresholds;
}) {
  const { tone } = verdictWording(verdict, score ?? null, thresholds, null);
  return (
    <span data-testid="verdict-pill" data-tone={tone}
          className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${PILL_TONES[tone]}`}>
      {verdictLabel(verdict)}{typeof score === 'number' && ` (${formatScore(score)})`}
    </span>
  );
}
