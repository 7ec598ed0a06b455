import { formatScore } from '../lib/format';
import type { Headline, Report } from '../lib/types';
import { verdictWording, type Tone } from '../lib/verdict';
import { VerdictPill } from './VerdictPill';

const TONES: Record<Tone, string> = {
  warning: 'border-orange-300 dark:border-orange-800 bg-orange-50 dark:bg-orange-950/40 text-orange-950 dark:text-orange-100',
  ok: 'border-emerald-300 dark:border-emerald-800 bg-emerald-50 dark:bg-emerald-950/40 text-emerald-950 dark:text-emerald-100',
  neutral: 'border-slate-300 dark:border-slate-600 bg-slate-100 dark:bg-slate-800 text-slate-900 dark:text-slate-100',
  muted: 'border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 text-slate-800 dark:text-slate-200',
};

// The detectors' verdict as the page's headline: what they indicate, in the verdict's tone.
function DetectorsHeadline({ report }: { report: Report }) {
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

// Where the headline came from, said above it (schema: Headline.source).
const HEADLINE_SOURCES: Record<string, string> = {
  provenance: "From the file's Content Credentials",
};

// Evidence outside the detectors decided what the report says first (today:
// Content Credentials whose signer says a generative AI model made the file).
// The detectors' verdict and score are unchanged and shown under it, labelled
// as theirs.
function EvidenceHeadline({ report, headline }: { report: Report; headline: Headline }) {
  const score = report.fake_score;
  const wording = verdictWording(report.verdict, score, report.thresholds, report.reason);
  return (
    <section aria-label="Verdict" data-testid="verdict" data-verdict={report.verdict} data-headline={headline.code}
             className="rounded-lg border-2 border-violet-400 dark:border-violet-600 bg-violet-50 dark:bg-violet-950/40 p-4 text-violet-950 dark:text-violet-100 sm:p-6">
      <p className="text-xs font-semibold uppercase tracking-wide text-violet-800 dark:text-violet-300">
        {HEADLINE_SOURCES[headline.source] ?? 'From evidence outside the detectors'}
      </p>
      <h2 className="mt-1 text-2xl font-extrabold sm:text-3xl" data-testid="headline">{headline.text}</h2>
      {report.explanation && (
        <p className="mt-2 text-base font-medium" data-testid="explanation">{report.explanation}</p>
      )}
      <div className="mt-4 rounded-md border border-violet-200 dark:border-violet-800 bg-white dark:bg-slate-900 p-3 text-slate-900 dark:text-slate-100 sm:p-4" data-testid="detectors-verdict">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 flex-1">
            <h3 className="text-sm font-semibold">The detectors&apos; verdict</h3>
            <p className="mt-1"><VerdictPill verdict={report.verdict} score={null} thresholds={report.thresholds} /></p>
            <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{wording.detail}</p>
          </div>
          {score !== null && (
            <div className="shrink-0 sm:text-right" data-testid="fake-score">
              <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">Detectors&apos; manipulation score</p>
              <p className="text-2xl font-bold tabular-nums">{formatScore(score)}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">0 = looks authentic · 1 = looks manipulated</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

export function VerdictBanner({ report }: { report: Report }) {
  return report.headline ? <EvidenceHeadline report={report} headline={report.headline} />
    : <DetectorsHeadline report={report} />;
}
