import { formatScore } from '../lib/format';
import type { Report } from '../lib/types';
import { verdictWording, type Tone } from '../lib/verdict';

const TONES: Record<Tone, string> = {
  warning: 'border-orange-300 bg-orange-50 text-orange-950',
  ok: 'border-emerald-300 bg-emerald-50 text-emerald-950',
  neutral: 'border-slate-300 bg-slate-100 text-slate-900',
  muted: 'border-slate-300 bg-white text-slate-800',
};

export function VerdictBanner({ report }: { report: Report }) {
  const score = report.fake_score;
  const wording = verdictWording(report.verdict, score, report.thresholds, report.reason);
  return (
    <section aria-label="Verdict" data-testid="verdict" data-verdict={report.verdict}
             className={`rounded-lg border-2 p-4 sm:p-6 ${TONES[wording.tone]}`}>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 flex-1">
          <p className="text-xs font-semibold uppercase tracking-wide opacity-70">What the detectors indicate</p>
          <h2 className="mt-1 text-xl font-bold sm:text-2xl">{wording.title}</h2>
          {/* The producer's one-sentence reason for the verdict; reports
              written before it existed have none. */}
          {report.explanation && (
            <p className="mt-2 text-base font-medium" data-testid="explanation">{report.explanation}</p>
          )}
          <p className="mt-2 text-sm">{wording.detail}</p>
        </div>
        {score !== null && (
          <div className="shrink-0 sm:text-right" data-testid="fake-score">
            <p className="text-xs uppercase tracking-wide opacity-70">Manipulation score</p>
            <p className="text-4xl font-bold tabular-nums">{formatScore(score)}</p>
            <p className="text-xs opacity-70">0 = looks authentic · 1 = looks manipulated</p>
          </div>
        )}
      </div>
    </section>
  );
}
