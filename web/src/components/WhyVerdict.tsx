import { useMemo } from 'react';
import type { TrackView } from '../lib/report';
import type { Report, Timeline } from '../lib/types';
import { whyVerdict } from '../lib/why';

// The verdict in plain words: which face, frames and detectors drove it (or
// why nothing could be assessed), then one line per kind of evidence. The
// words are built in lib/why.ts from the report alone.
export function WhyVerdict({ report, tracks, timeline }: { report: Report; tracks: TrackView[]; timeline: Timeline | null }) {
  const why = useMemo(() => whyVerdict(report, tracks, timeline), [report, tracks, timeline]);
  // Under a Content Credentials headline the verdict explained is the detectors'.
  const title = report.headline ? 'Why the detectors reached their verdict' : 'Why this verdict';
  return (
    // Not on paper: the banner's one-sentence explanation and the evidence
    // sections say it there, and the printed report keeps to two A4 pages.
    <section aria-labelledby="why-title" className="card print:hidden" data-testid="why-verdict">
      <h2 id="why-title" className="h2">{title}</h2>
      <p className="text-sm" data-testid="why-summary">{why.summary}</p>
      <ul className="mt-2 list-inside list-disc space-y-1 text-sm text-slate-700 dark:text-slate-300 [overflow-wrap:anywhere]"
          data-testid="why-points">
        {why.points.map((point) => <li key={point}>{point}</li>)}
      </ul>
    </section>
  );
}
