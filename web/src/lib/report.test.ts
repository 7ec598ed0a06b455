import { describe, expect, it } from 'vitest';
import { audio, report, temporal, track, visual } from '../test/reports';
import { reportProblems, timelineProblems } from '../test/schema';
import { chartRows, evidenceSections, evidenceTitle, framesWithoutFace, seriesFromTimeline, timelineArtifact,
         timelineSeries, tracksOf, timelineDomain } from './report';
import type { EvidenceSection, Timeline } from './types';

const HASH = 'cd'.repeat(32);

describe('the test reports', () => {
  it('conform to the report contract', () => {
    expect(reportProblems(report())).toEqual([]);
    expect(reportProblems(report({ evidence: { visual: visual({ tracks: [track(3, 0.4), track(5, 0.9)] }) } }))).toEqual([]);
  });
});

describe('timelineSeries', () => {
  it('uses the per-frame score of the visual section, sorted by time, skipping faceless frames', () => {
    expect(timelineSeries(visual())).toEqual([
      { key: 'frames', label: 'Per-frame score', points: [{ t: 0, score: 0.1 }, { t: 1, score: 0.3 }] }]);
    expect(framesWithoutFace(visual().frames)).toBe(1);
  });

  it('is empty when no frame has a face', () => {
    expect(timelineSeries(visual({ frames: [{ t: 0, faces: 0, fake_score: null }] }))).toEqual([]);
    expect(timelineSeries(visual({ frames: [] }))).toEqual([]);
  });

  it('lays series out as chart rows, one per timestamp', () => {
    const series = [{ key: 'a', label: 'A', points: [{ t: 0, score: 0.1 }, { t: 1, score: 0.3 }] },
                    { key: 'b', label: 'B', points: [{ t: 1, score: 0.8 }] }];
    expect(chartRows(series)).toEqual([{ t: 0, a: 0.1 }, { t: 1, a: 0.3, b: 0.8 }]);
  });
});

describe('tracksOf', () => {
  it('reads id, score, verdict, frame count and the thumbnail artifact of each track', () => {
    const tracks = tracksOf(visual({ tracks: [track(3, 0.4, { faces: 2 }), track(5, 0.9, { thumbnail: null, faces: 1 })] }));
    expect(tracks).toEqual([
      { key: 'track_3', label: 'Face 1', score: 0.4, verdict: 'inconclusive', thumbnail: 'track-3.jpg', frameCount: 2 },
      { key: 'track_5', label: 'Face 2', score: 0.9, verdict: 'likely_fake', thumbnail: null, frameCount: 1 },
    ]);
  });

  it('returns nothing when no face was tracked', () => {
    expect(tracksOf(visual())).toEqual([]);
  });
});

describe('evidenceSections', () => {
  const lipsync: EvidenceSection = { status: 'unavailable', reason: 'MODELS_MISSING', fake_score: null, verdict: 'not_applicable',
                                      detectors: [] };

  it('lists every section, visual first, so a new section needs no client change', () => {
    const r = report({ evidence: { visual: visual(), lipsync, provenance: { ...lipsync, status: 'not_applicable', reason: 'NO_MANIFEST' } } });
    expect(reportProblems(r)).toEqual([]);
    expect(evidenceSections(r).map((s) => [s.name, s.section.status])).toEqual([
      ['visual', 'ok'], ['lipsync', 'unavailable'], ['provenance', 'not_applicable']]);
  });

  it('keeps the contract order visual, temporal, audio before sections it does not know', () => {
    const r = report({ evidence: { visual: visual(), audio: audio(), lipsync, temporal: temporal() } });
    expect(reportProblems(r)).toEqual([]);
    expect(evidenceSections(r).map((s) => s.name)).toEqual(['visual', 'temporal', 'audio', 'lipsync']);
  });

  it('titles sections from their names', () => {
    expect(evidenceTitle('visual')).toBe('Visual evidence');
    expect(evidenceTitle('lip_sync')).toBe('Lip sync evidence');
  });
});

describe('per-track timeline from the timeline artifact', () => {
  const tracks = tracksOf(visual({ tracks: [track(3, 0.4), track(5, 0.9)] }));
  const detection = (trackId: number, fakeScore: number) =>
    ({ box: [0, 0, 64, 64] as [number, number, number, number], track: trackId, fake_score: fakeScore, scores: {} });

  it('finds the timeline artifact by name', () => {
    const timeline = { name: 'timeline.json', sha256: HASH, size: 10, content_type: 'application/json' };
    const thumb = { name: 'track-3.jpg', sha256: HASH, size: 10, content_type: 'image/jpeg' };
    expect(timelineArtifact(report({ artifacts: [thumb, timeline] }))).toEqual(timeline);
    expect(timelineArtifact(report({ artifacts: [thumb] }))).toBeUndefined();
  });

  it('groups detections by track, one line each, labelled like the gallery', () => {
    const doc: Timeline = { frames: [
      { t: 0.5, faces: 2, fake_score: 0.9, detections: [detection(3, 0.3), detection(5, 0.9)] },
      { t: 0, faces: 1, fake_score: 0.5, detections: [detection(3, 0.5)] },
      { t: 1, faces: 1, fake_score: 0.2, detections: [detection(-1, 0.2)] },
      { t: 1.5, faces: 0, fake_score: null, detections: [] },
    ] };
    expect(timelineProblems(doc)).toEqual([]);
    expect(seriesFromTimeline(doc, tracks)).toEqual([
      { key: 'track_3', label: 'Face 1', points: [{ t: 0, score: 0.5 }, { t: 0.5, score: 0.3 }] },
      { key: 'track_5', label: 'Face 2', points: [{ t: 0.5, score: 0.9 }] },
    ]);
    expect(seriesFromTimeline({ frames: [] }, tracks)).toEqual([]);
  });
});

describe('timelineDomain', () => {
  const series = [{ key: 'track_0', label: 'Face 1', points: [{ t: 39.4, score: 0.2 }, { t: 80.2, score: 0.4 }] }];
  it('starts at 0 and ends at the media\'s end', () => {
    expect(timelineDomain(120, series)).toEqual([0, 120]);
  });
  it('ends at the last point when the duration is unknown or shorter', () => {
    expect(timelineDomain(0, series)).toEqual([0, 80.2]);
    expect(timelineDomain(50, series)).toEqual([0, 80.2]);
    expect(timelineDomain(0, [])).toEqual([0, 0]);
  });
});
