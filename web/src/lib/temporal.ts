// Landmark motion over time (evidence.temporal, LRNet): its score per face
// track, matched to the visual section's tracks by id, and its windows from
// timeline.json as series on the score-over-time chart.
import { seriesFromTimeline, trackKey, type TemporalScore, type TimelineSeries, type TrackView } from './report';
import type { TemporalEvidence, TemporalTrack, TemporalWindow, Timeline } from './types';

// A temporal track no face track matches (id -1, or an id the visual
// section does not list), shown on its own.
export interface OtherTemporalTrack extends TemporalScore {
  key: string;
  label: string;
}

const OTHER_FACES_KEY = 'temporal_other';

function scoreOf(track: TemporalTrack): TemporalScore {
  return { score: track.fake_score, verdict: track.verdict, windows: track.windows, firstT: track.first_t,
           lastT: track.last_t };
}

// Only a section that scored has per-track scores worth showing.
function scoredTracks(temporal: TemporalEvidence | undefined): TemporalTrack[] {
  return temporal?.status === 'ok' ? temporal.tracks : [];
}

// The face tracks with the temporal score of the same track id added.
export function withTemporalScores(tracks: TrackView[], temporal: TemporalEvidence | undefined): TrackView[] {
  const byKey = new Map(scoredTracks(temporal).filter((t) => t.track >= 0).map((t) => [trackKey(t.track), scoreOf(t)]));
  return tracks.map((track) => {
    const score = byKey.get(track.key);
    return score ? { ...track, temporal: score } : track;
  });
}

export function otherTemporalTracks(tracks: TrackView[], temporal: TemporalEvidence | undefined): OtherTemporalTrack[] {
  const known = new Set(tracks.map((t) => t.key));
  return scoredTracks(temporal)
    .filter((t) => t.track < 0 || !known.has(trackKey(t.track)))
    .sort((a, b) => a.first_t - b.first_t)
    .map((t, index) => ({ key: `temporal_${index}`, label: `Other face ${index + 1}`, ...scoreOf(t) }));
}

// "3 windows over 2 tracks": what the section scored, in words.
export function temporalCoverage(temporal: TemporalEvidence): string {
  const windows = temporal.tracks.reduce((n, t) => n + t.windows, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(windows, 'window')} over ${plural(temporal.tracks.length, 'track')}`;
}

// One dashed line per face track (faces that joined no track share one),
// each window plotted at its middle.
export function temporalSeries(windows: TemporalWindow[] | undefined, tracks: TrackView[]): TimelineSeries[] {
  const byKey = new Map<string, TimelineSeries>();
  for (const w of windows ?? []) {
    const key = w.track >= 0 ? `temporal_${trackKey(w.track)}` : OTHER_FACES_KEY;
    if (!byKey.has(key)) {
      const face = tracks.find((t) => t.key === trackKey(w.track))?.label;
      const label = `${w.track < 0 ? 'Other faces' : face ?? `Track ${w.track}`} · landmark motion`;
      byKey.set(key, { key, label, points: [], kind: 'temporal' });
    }
    byKey.get(key)!.points.push({ t: (w.t_start + w.t_end) / 2, score: w.fake_score });
  }
  return [...byKey.values()].map((s) => ({ ...s, points: s.points.sort((a, b) => a.t - b.t) }));
}

// Every line the chart draws from timeline.json: each face track's
// per-frame scores, then each track's landmark-motion windows.
export function chartSeriesFromTimeline(timeline: Timeline, tracks: TrackView[]): TimelineSeries[] {
  return [...seriesFromTimeline(timeline, tracks), ...temporalSeries(timeline.temporal_windows, tracks)];
}
