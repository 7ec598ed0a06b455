import { describe, expect, it } from 'vitest';
import { avJob, avTimeline, report, temporal, track, visual } from '../test/reports';
import { reportProblems, timelineProblems } from '../test/schema';
import { tracksOf } from './report';
import { chartSeriesFromTimeline, otherTemporalTracks, temporalCoverage, temporalSeries, withTemporalScores } from './temporal';

const faces = tracksOf(visual({ tracks: [track(3, 0.4), track(5, 0.9)] }));

describe('temporal scores per face track', () => {
  it('are matched to the face tracks by id', () => {
    expect(reportProblems(report({ evidence: { visual: visual({ tracks: [track(3, 0.4), track(5, 0.9)] }), temporal: temporal() } })))
      .toEqual([]);
    const tracks = withTemporalScores(faces, temporal());
    expect(tracks[0]).toMatchObject({ key: 'track_3', score: 0.4,
                                      temporal: { score: 0.12, verdict: 'likely_real', windows: 2, firstT: 0, lastT: 2.4 } });
    expect(tracks[1].temporal).toBeUndefined();
  });

  it('list tracks with id -1, or an id no face track has, on their own', () => {
    const t = temporal({ tracks: [...temporal().tracks, { track: 9, first_t: 0.5, last_t: 1.7, windows: 1, fake_score: 0.8,
                                                          verdict: 'likely_fake' }] });
    expect(otherTemporalTracks(faces, t)).toEqual([
      { key: 'temporal_0', label: 'Other face 1', score: 0.8, verdict: 'likely_fake', windows: 1, firstT: 0.5, lastT: 1.7 },
      { key: 'temporal_1', label: 'Other face 2', score: 0.5, verdict: 'inconclusive', windows: 1, firstT: 1, lastT: 2.2 },
    ]);
  });

  it('are not shown when the section did not score, or is absent', () => {
    const notScored = temporal({ status: 'not_applicable', reason: 'NO_TRACKED_WINDOW', fake_score: null, verdict: 'not_applicable' });
    expect(withTemporalScores(faces, notScored)).toEqual(faces);
    expect(otherTemporalTracks(faces, notScored)).toEqual([]);
    expect(withTemporalScores(faces, undefined)).toEqual(faces);
  });

  it('say how many windows over how many tracks', () => {
    expect(temporalCoverage(temporal())).toBe('3 windows over 2 tracks');
    expect(temporalCoverage(temporal({ tracks: [temporal().tracks[1]] }))).toBe('1 window over 1 track');
  });
});

describe('temporal windows from timeline.json', () => {
  it('become one dashed series per track, each window at its middle, labelled like the gallery', () => {
    const windows = [{ track: 3, t_start: 2, t_end: 3.2, fake_score: 0.2, scores: {} },
                     { track: -1, t_start: 0, t_end: 1.2, fake_score: 0.5, scores: {} },
                     { track: 3, t_start: 0, t_end: 1.2, fake_score: 0.1, scores: {} }];
    expect(timelineProblems({ frames: [], temporal_windows: windows })).toEqual([]);
    expect(temporalSeries(windows, faces)).toEqual([
      { key: 'temporal_track_3', label: 'Face 1 · landmark motion', kind: 'temporal',
        points: [{ t: 0.6, score: 0.1 }, { t: 2.6, score: 0.2 }] },
      { key: 'temporal_other', label: 'Other faces · landmark motion', kind: 'temporal', points: [{ t: 0.6, score: 0.5 }] },
    ]);
    expect(temporalSeries(undefined, faces)).toEqual([]);
  });

  it('follow the per-frame series of the stored timeline fixture', () => {
    const timeline = avTimeline();
    expect(timelineProblems(timeline)).toEqual([]);
    const tracks = tracksOf(avJob().result.evidence.visual);
    expect(chartSeriesFromTimeline(timeline, tracks).map((s) => [s.label, s.kind ?? 'frames', s.points.length])).toEqual([
      ['Face 1', 'frames', 16], ['Face 2', 'frames', 3],
      ['Face 1 · landmark motion', 'temporal', 2], ['Other faces · landmark motion', 'temporal', 1]]);
  });
});
