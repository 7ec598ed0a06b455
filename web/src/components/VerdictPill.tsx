import { formatScore } from '../lib/format';
import type { Thresholds, Verdict } from '../lib/types';
import { verdictLabel, verdictWording, type Tone } from '../lib/verdict';

// The verdict's tone, as the report's banner colours it; the job's status
// badge beside it stays quiet, so the verdict is what catches the eye.
const PILL_TONES: Record<Tone, string> = {
  warning: 'bg-orange-100 text-orange-900 ring-orange-300',
  ok: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  neutral: 'bg-slate-100 text-slate-900 ring-slate-300',
  muted: 'bg-white text-slate-700 ring-slate-300',
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
