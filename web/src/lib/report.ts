// Turns a report (docs/report.schema.json) into what the views draw: the
// evidence sections, the face tracks and the score-over-time series. Reads
// exactly the contract's fields; older reports are upgraded on load
// (legacyReport.ts), so there is one shape here.
import type { ArtifactRef, EvidenceSection, FrameScore, Report, Timeline, Verdict, VisualEvidence } from './types';

export interface TimelinePoint {
  t: number;
  score: number;
}

// What the landmark-motion detector (evidence.temporal) says about one face.
export interface TemporalScore {
  score: number;
  verdict: Verdict;
  windows: number;
  firstT: number;
  lastT: number;
}

export interface TrackView {
  key: string;
  label: string;
  score: number;
  verdict: Verdict;
  thumbnail: string | null;
  // The saliency heatmap of the thumbnail's crop (issue 18), when the report has one.
  saliency?: TrackSaliencyView;
  frameCount: number;
  temporal?: TemporalScore; // set by withTemporalScores when the temporal section scored this track
}

// Where the detectors' score was most sensitive on a face's thumbnail crop:
// the heatmap artifact's name, how it was computed and by which detectors.
export interface TrackSaliencyView {
  artifact: string;
  method: string;
  detectors: string[];
}

export interface TimelineSeries {
  key: string;
  label: string;
  points: TimelinePoint[];
  // 'frames': a face's score in single frames; 'temporal': landmark motion
  // over a window, plotted at the window's middle. Absent means 'frames'.
  kind?: 'frames' | 'temporal';
}

export interface EvidenceView {
  name: string;
  section: EvidenceSection;
}

const byTime = (a: TimelinePoint, b: TimelinePoint) => a.t - b.t;

export const trackKey = (id: number) => `track_${id}`;

// The sections this build knows, in the contract's order; any other follows
// by name, so a section added to the contract shows without a client change.
const KNOWN_SECTIONS = ['visual', 'temporal', 'audio'];
const sectionRank = (name: string) => {
  const rank = KNOWN_SECTIONS.indexOf(name);
  return rank < 0 ? KNOWN_SECTIONS.length : rank;
};

// Every evidence section the report carries: visual, temporal, audio, then the rest by name.
export function evidenceSections(report: Report): EvidenceView[] {
  return Object.entries(report.evidence)
    .filter((entry): entry is [string, EvidenceSection] => entry[1] !== undefined)
    .sort(([a], [b]) => sectionRank(a) - sectionRank(b) || a.localeCompare(b))
    .map(([name, section]) => ({ name, section }));
}

export function tracksOf(visual: VisualEvidence): TrackView[] {
  return visual.tracks.map((track, index) => ({
    key: trackKey(track.id),
    label: `Face ${index + 1}`,
    score: track.fake_score,
    verdict: track.verdict,
    thumbnail: track.thumbnail?.name ?? null,
    ...(track.saliency ? { saliency: { artifact: track.saliency.artifact.name, method: track.saliency.method,
                                       detectors: track.saliency.detectors } } : {}),
    frameCount: track.faces,
  }));
}

// The report's own series: each sampled frame's most suspicious face.
export function timelineSeries(visual: VisualEvidence): TimelineSeries[] {
  const points = visual.frames
    .filter((f): f is FrameScore & { fake_score: number } => f.fake_score !== null)
    .map((f) => ({ t: f.t, score: f.fake_score }))
    .sort(byTime);
  return points.length > 0 ? [{ key: 'frames', label: 'Per-frame score', points }] : [];
}

// Rows for the chart library: one object per timestamp, a column per series.
export function chartRows(series: TimelineSeries[]): Record<string, number>[] {
  const rows = new Map<number, Record<string, number>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.key] = p.score;
      rows.set(p.t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

// The chart's time axis: from 0 to the end of the media (or of the last
// point, where the stated duration is unknown or shorter), so that the
// sampled points sit where they are in the clip, not stretched over it.
export function timelineDomain(durationS: number, series: TimelineSeries[]): [number, number] {
  const last = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.t)));
  return [0, Math.max(durationS, last)];
}

export function framesWithoutFace(frames: FrameScore[]): number {
  return frames.filter((f) => f.fake_score === null).length;
}

// The report lists its stored artifacts; the timeline artifact holds every
// face of every frame with its track, which gives one line per track.
export function timelineArtifact(report: Report): ArtifactRef | undefined {
  return report.artifacts.find((a) => a.name === 'timeline.json');
}

export function seriesFromTimeline(timeline: Timeline, tracks: TrackView[]): TimelineSeries[] {
  const byTrack = new Map<string, TimelinePoint[]>();
  for (const frame of timeline.frames) {
    for (const d of frame.detections) {
      if (d.track < 0) continue; // the face joined no track
      const key = trackKey(d.track);
      byTrack.set(key, [...(byTrack.get(key) ?? []), { t: frame.t, score: d.fake_score }]);
    }
  }
  return [...byTrack.entries()].map(([key, points]) => ({
    key,
    label: tracks.find((tr) => tr.key === key)?.label ?? key.replace('track_', 'Track '),
    points: points.sort(byTime),
  }));
}

// "visual" -> "Visual evidence"; a future "lip_sync" -> "Lip sync evidence".
export function evidenceTitle(name: string): string {
  const words = name.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} evidence`;
}
