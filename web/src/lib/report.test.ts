import { describe, expect, it } from 'vitest';
import { chartRows, ensembleScore, framesWithoutFace, pointsFrom, seriesFromTimeline, timelineArtifact, timelineSeries, tracksOf } from './report';
import type { Report } from './types';

const coreReport: Report = {
  verdict: 'likely_real',
  fake_score: 0.2,
  per_frame: [{ t: 1, faces: 1, fake_score: 0.3 }, { t: 0, faces: 1, fake_score: 0.1 }, { t: 2, faces: 0, fake_score: null }],
};

describe('timelineSeries', () => {
  it('uses the per-frame score of the report when there are no track series, sorted by time, skipping faceless frames', () => {
    expect(timelineSeries(coreReport)).toEqual([
      { key: 'per_frame', label: 'Per-frame score', points: [{ t: 0, score: 0.1 }, { t: 1, score: 0.3 }] }]);
    expect(framesWithoutFace(coreReport.per_frame)).toBe(1);
  });

  it('draws one line per track when tracks carry their own frames', () => {
    const report: Report = {
      ...coreReport,
      tracks: [
        { id: 0, fake_score: 0.2, thumbnail: 'track-0.jpg', frames: [{ t: 0, fake_score: 0.1 }, { t: 1, fake_score: 0.3 }] },
        { track_id: 7, score: 0.9, per_frame: [{ t: 1, score: 0.8 }] },
      ],
    };
    const series = timelineSeries(report);
    expect(series.map((s) => [s.key, s.label, s.points.length])).toEqual([['track_0', 'Face 1', 2], ['track_7', 'Face 2', 1]]);
    expect(chartRows(series)).toEqual([{ t: 0, track_0: 0.1 }, { t: 1, track_0: 0.3, track_7: 0.8 }]);
  });

  it('is empty when no frame has a face', () => {
    expect(timelineSeries({ per_frame: [{ t: 0, fake_score: null }] })).toEqual([]);
    expect(timelineSeries({})).toEqual([]);
  });
});

describe('tracksOf', () => {
  it('reads scores, thumbnails and frame counts from the variants a report may use', () => {
    const [a, b] = tracksOf({ tracks: [
      { id: 'A', fake_score: 0.5, verdict: 'inconclusive', artifacts: { thumbnail: 'a.jpg' }, frame_count: 12 },
      { thumbnail_url: '/api/v1/jobs/j/artifacts/b.jpg', frames: [1, 2, 3] },
    ] });
    expect(a).toMatchObject({ key: 'track_A', score: 0.5, verdict: 'inconclusive', thumbnail: 'a.jpg', frameCount: 12 });
    expect(b).toMatchObject({ key: 'track_1', score: null, thumbnail: '/api/v1/jobs/j/artifacts/b.jpg', frameCount: 3, points: [] });
  });

  it('returns nothing when tracks are absent', () => {
    expect(tracksOf(coreReport)).toEqual([]);
  });
});

describe('ensembleScore', () => {
  it('prefers an explicit ensemble score and falls back to fake_score', () => {
    expect(ensembleScore({ fake_score: 0.2 })).toBe(0.2);
    expect(ensembleScore({ fake_score: 0.2, ensemble: { fake_score: 0.6 } })).toBe(0.6);
    expect(ensembleScore({ fake_score: null })).toBeNull();
  });

  it('ignores malformed points', () => {
    expect(pointsFrom([{ t: 'x', fake_score: 1 }, null, { t: 1 }, { time: 2, score: 0.5 }])).toEqual([{ t: 2, score: 0.5 }]);
  });
});

describe('per-track timeline from the timeline artifact', () => {
  const tracks = tracksOf({ tracks: [{ id: 3, faces: 2, fake_score: 0.4, thumbnail: { name: 'track-3.jpg', sha256: 'ab' } },
                                     { id: 5, faces: 1, fake_score: 0.9, thumbnail: null }] });

  it('reads thumbnails given as artifact references', () => {
    expect(tracks.map((t) => [t.key, t.label, t.thumbnail, t.frameCount])).toEqual([
      ['track_3', 'Face 1', 'track-3.jpg', 2], ['track_5', 'Face 2', undefined, 1]]);
  });

  it('finds the timeline artifact by name', () => {
    expect(timelineArtifact({ artifacts: [{ name: 'track-3.jpg' }, { name: 'timeline.json' }] })).toBe('timeline.json');
    expect(timelineArtifact({ artifacts: [{ name: 'track-3.jpg' }] })).toBeUndefined();
    expect(timelineArtifact({})).toBeUndefined();
  });

  it('groups detections by track, one line each, labelled like the gallery', () => {
    const doc = { frames: [
      { t: 0.5, detections: [{ track: 3, fake_score: 0.3 }, { track: 5, fake_score: 0.9 }] },
      { t: 0, detections: [{ track: 3, fake_score: 0.5 }] },
      { t: 1, detections: [{ track: -1, fake_score: 0.2 }] },
      { t: 1.5, faces: 0 },
    ] };
    expect(seriesFromTimeline(doc, tracks)).toEqual([
      { key: 'track_3', label: 'Face 1', points: [{ t: 0, score: 0.5 }, { t: 0.5, score: 0.3 }] },
      { key: 'track_5', label: 'Face 2', points: [{ t: 0.5, score: 0.9 }] },
    ]);
    expect(seriesFromTimeline({}, tracks)).toEqual([]);
    expect(seriesFromTimeline(null, tracks)).toEqual([]);
  });
});
