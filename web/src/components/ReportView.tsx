import { useMemo } from 'react';
import { formatBytes, formatMs, formatSeconds, shortHash } from '../lib/format';
import { ensembleScore, framesWithoutFace, tracksOf } from '../lib/report';
import type { Job, Report } from '../lib/types';
import { AnchorPanel, DownloadReportButton } from './AnchorPanel';
import { DetectorsTable } from './DetectorsTable';
import { FaceGallery } from './FaceGallery';
import { FactList, type Fact } from './FactList';
import { TimelineChart } from './TimelineChart';
import { useModelCards, useTimelineSeries } from './useReportExtras';
import { VerdictBanner } from './VerdictBanner';

function mediaFacts(job: Job, report: Report): Fact[] {
  const m = job.media ?? {};
  const faceDetector = typeof report.face_detector === 'string' ? report.face_detector : JSON.stringify(report.face_detector);
  return [
    { label: 'File', value: m.filename || '—' },
    { label: 'Size', value: formatBytes(m.size) },
    { label: 'Format', value: [m.content_type || m.container, m.codec].filter(Boolean).join(' · ') || '—' },
    { label: 'Resolution', value: m.width && m.height ? `${m.width} × ${m.height}` : '—' },
    { label: 'Duration', value: formatSeconds(m.duration_s) },
    { label: 'Frame rate', value: m.fps ? `${m.fps.toFixed(2)} fps` : '—' },
    { label: 'SHA-256', value: <span className="font-mono text-xs" title={m.sha256}>{shortHash(m.sha256, 16)}</span> },
    { label: 'Frames analysed', value: `${report.frames_analyzed ?? '—'} (${framesWithoutFace(report.per_frame)} without a face)` },
    { label: 'Faces found', value: String(report.faces_found ?? '—') },
    { label: 'Face detector', value: faceDetector || '—' },
  ];
}

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);

// Extra key/value facts the report may carry (settings). Scalars and flat
// objects are shown; nested structures (the detectors, already in their
// table) are left to the JSON download.
function objectFacts(value: unknown): Fact[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const facts: Fact[] = [];
  for (const [k, v] of Object.entries(value)) {
    const flat = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isScalar);
    if (isScalar(v) && v !== '') facts.push({ label: k.replace(/_/g, ' '), value: String(v) });
    else if (flat) facts.push({ label: k.replace(/_/g, ' '), value: Object.entries(v).map(([a, b]) => `${a.replace(/_/g, ' ')} ${b}`).join(', ') });
  }
  return facts;
}

function timingFacts(report: Report): Fact[] {
  return Object.entries(report.timings_ms ?? {}).map(([stage, ms]) => ({ label: stage, value: formatMs(ms) }));
}

// Out-of-distribution warnings may be strings or {code, message} objects.
function warningTexts(warnings: unknown[] | undefined): string[] {
  return (warnings ?? []).map((w) => {
    if (typeof w === 'string') return w;
    const o = (w ?? {}) as Record<string, unknown>;
    return String(o.message ?? o.code ?? JSON.stringify(w));
  });
}

function Section({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id} className="h2">{title}</h2>
      {children}
    </section>
  );
}

export function ReportView({ apiKey, job, report }: { apiKey: string; job: Job; report: Report }) {
  const cards = useModelCards(apiKey);
  const tracks = useMemo(() => tracksOf(report), [report]);
  const series = useTimelineSeries(apiKey, job, report, tracks);
  const detectors = report.detectors ?? (report.detector ? [report.detector] : []);
  const warnings = warningTexts(report.warnings);
  return (
    <div className="space-y-4" data-testid="report">
      <VerdictBanner report={report} score={ensembleScore(report)} />
      {warnings.length > 0 && (
        <ul className="list-inside list-disc rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="warnings"
            aria-label="Warnings about this analysis">
          {warnings.map((w) => <li key={w}>{w}</li>)}
        </ul>
      )}
      <Section title="Score over time" id="timeline-title">
        <TimelineChart series={series} thresholds={report.thresholds} />
        {report.aggregate && <p className="mt-2 text-xs text-slate-500">Headline score: {report.aggregate}.</p>}
      </Section>
      {tracks.length > 0 && (
        <Section title="Faces" id="faces-title"><FaceGallery apiKey={apiKey} jobId={job.job_id} tracks={tracks} /></Section>
      )}
      <Section title="Detectors" id="detectors-title">
        <DetectorsTable detectors={detectors} cards={cards} primary={report.detector?.name} />
      </Section>
      <div className="grid gap-4 md:grid-cols-2">
        <Section title="Media" id="media-title"><FactList facts={mediaFacts(job, report)} testId="media-facts" /></Section>
        <Section title="Timings" id="timings-title">
          <FactList facts={timingFacts(report)} testId="timings" />
          <p className="mt-2 text-xs text-slate-500">Decoding runs alongside face detection and classification, so the
            stage times can add up to more than the total.</p>
        </Section>
      </div>
      {objectFacts(report.settings).length > 0 && (
        <Section title="Settings used" id="settings-title"><FactList facts={objectFacts(report.settings)} testId="settings" /></Section>
      )}
      {report.disclaimer && <p className="rounded bg-slate-100 p-3 text-xs text-slate-700" data-testid="disclaimer">{report.disclaimer}</p>}
      <AnchorPanel apiKey={apiKey} jobId={job.job_id} />
      <DownloadReportButton apiKey={apiKey} jobId={job.job_id} />
    </div>
  );
}
