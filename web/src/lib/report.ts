// Normalises the optional parts of a report (face tracks, per-frame series)
// into what the views draw, tolerating the field-name variants a growing
// report may use. Nothing is invented: absent data stays absent.
import type { FrameEntry, Report } from './types';

export interface TimelinePoint {
  t: number;
  score: number;
}

export interface TrackView {
  key: string;
  label: string;
  score: number | null;
  verdict?: string;
  thumbnail?: string;
  points: TimelinePoint[];
  frameCount: number;
}

export interface TimelineSeries {
  key: string;
  label: string;
  points: TimelinePoint[];
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function pointsFrom(entries: unknown): TimelinePoint[] {
  if (!Array.isArray(entries)) return [];
  const out: TimelinePoint[] = [];
  for (const e of entries) {
    if (typeof e !== 'object' || e === null) continue;
    const r = e as Record<string, unknown>;
    const t = num(r.t) ?? num(r.time) ?? num(r.pts);
    const score = num(r.fake_score) ?? num(r.score);
    if (t !== null && score !== null) out.push({ t, score });
  }
  return out.sort((a, b) => a.t - b.t);
}

// An artifact reference is a name, a URL path, or {name, sha256, ...}.
export function artifactName(ref: unknown): string | undefined {
  if (typeof ref === 'string') return str(ref);
  if (typeof ref === 'object' && ref !== null) return str((ref as Record<string, unknown>).name);
  return undefined;
}

function thumbnailOf(track: Record<string, unknown>): string | undefined {
  const artifacts = track.artifacts as Record<string, unknown> | undefined;
  return artifactName(track.thumbnail) ?? str(track.thumbnail_url) ?? artifactName(track.thumbnail_artifact) ??
    artifactName(artifacts?.thumbnail);
}

export function tracksOf(report: Report): TrackView[] {
  if (!Array.isArray(report.tracks)) return [];
  return report.tracks.map((track, index) => {
    const id = str(track.id) ?? (num(track.id) ?? num(track.track_id) ?? index).toString();
    const points = pointsFrom(track.per_frame ?? track.frames ?? track.timeline);
    const frameCount = num(track.faces) ?? num(track.frame_count) ?? num(track.frames_count) ??
      (Array.isArray(track.frames) ? track.frames.length : points.length);
    return {
      key: `track_${id}`,
      label: `Face ${index + 1}`,
      score: num(track.fake_score) ?? num(track.score),
      verdict: str(track.verdict),
      thumbnail: thumbnailOf(track),
      points,
      frameCount,
    };
  });
}

// One line per face track when tracks carry their own series; otherwise the
// report's own per-frame score.
export function timelineSeries(report: Report): TimelineSeries[] {
  const fromTracks = tracksOf(report).filter((t) => t.points.length > 0)
    .map(({ key, label, points }) => ({ key, label, points }));
  if (fromTracks.length > 0) return fromTracks;
  const points = pointsFrom(report.per_frame ?? []);
  return points.length > 0 ? [{ key: 'per_frame', label: 'Per-frame score', points }] : [];
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

export function framesWithoutFace(perFrame: FrameEntry[] | undefined): number {
  return (perFrame ?? []).filter((f) => f.fake_score === null || f.fake_score === undefined).length;
}

// The headline score: an explicit ensemble score when the report has one.
export function ensembleScore(report: Report): number | null {
  const ensemble = report.ensemble as Record<string, unknown> | undefined;
  return num(report.ensemble_score) ?? num(ensemble?.fake_score) ?? num(ensemble?.score) ?? num(report.fake_score);
}

// The report lists its stored artifacts; the timeline artifact holds every
// face of every frame with its track, which gives one line per track.
export function timelineArtifact(report: Report): string | undefined {
  if (!Array.isArray(report.artifacts)) return undefined;
  return report.artifacts.map(artifactName).find((name) => name === 'timeline.json');
}

export function seriesFromTimeline(doc: unknown, tracks: TrackView[]): TimelineSeries[] {
  const frames = (doc as { frames?: unknown } | null)?.frames;
  if (!Array.isArray(frames)) return [];
  const byTrack = new Map<string, TimelinePoint[]>();
  for (const frame of frames as Record<string, unknown>[]) {
    const t = num(frame?.t);
    if (t === null || !Array.isArray(frame.detections)) continue;
    for (const d of frame.detections as Record<string, unknown>[]) {
      const score = num(d?.fake_score);
      const track = num(d?.track);
      if (score === null || track === null || track < 0) continue;
      const key = `track_${track}`;
      byTrack.set(key, [...(byTrack.get(key) ?? []), { t, score }]);
    }
  }
  return [...byTrack.entries()].map(([key, points]) => ({
    key,
    label: tracks.find((tr) => tr.key === key)?.label ?? key.replace('track_', 'Track '),
    points: points.sort((a, b) => a.t - b.t),
  }));
}
