import { describe, expect, it } from 'vitest';
import { avJob, avTimeline, report, track, visual } from '../test/reports';
import { timelineProblems } from '../test/schema';
import {
  boxHoldSeconds, boxPosition, frameAt, frameCaption, MAX_BOX_HOLD_S, nearestFrameIndex, sampledFrames, stepFrame,
  trackMoment, type SampledFrame,
} from './evidence';
import { tracksOf } from './report';
import type { Timeline } from './types';

const at = (...times: number[]): SampledFrame[] => times.map((t) => ({ t, boxes: [] }));

describe('nearestFrameIndex', () => {
  const frames = at(0.1, 0.5, 0.9, 2.8000000000000003);
  it('finds the sampled frame nearest a moment, the earlier on a tie', () => {
    expect(nearestFrameIndex(frames, 0)).toBe(0);
    expect(nearestFrameIndex(frames, 0.29)).toBe(0);
    expect(nearestFrameIndex(frames, 0.3)).toBe(0);
    expect(nearestFrameIndex(frames, 0.31)).toBe(1);
    expect(nearestFrameIndex(frames, 2.8)).toBe(3);
    expect(nearestFrameIndex(frames, 99)).toBe(3);
  });

  it('is -1 without frames', () => {
    expect(nearestFrameIndex([], 1)).toBe(-1);
  });
});

describe('boxes between samples', () => {
  it('stay up for half the typical gap, at least a frame, at most MAX_BOX_HOLD_S', () => {
    expect(boxHoldSeconds(at(0, 0.4, 0.8, 1.2), 10)).toBeCloseTo(0.2);
    expect(boxHoldSeconds(at(0, 0.02, 0.04), 10)).toBeCloseTo(0.1); // one frame at 10 fps
    expect(boxHoldSeconds(at(0, 40, 80), 25)).toBe(MAX_BOX_HOLD_S); // sparse samples of a long video
    expect(boxHoldSeconds(at(0), 25)).toBe(MAX_BOX_HOLD_S);
  });

  it('belong to the nearest sampled frame only within the hold', () => {
    const frames = at(1, 2);
    expect(frameAt(frames, 1.15, 0.2)?.t).toBe(1);
    expect(frameAt(frames, 1.5, 0.2)).toBeNull();
    expect(frameAt(frames, 1.85, 0.2)?.t).toBe(2);
    expect(frameAt([], 1, 0.2)).toBeNull();
  });
});

describe('stepFrame', () => {
  const frames = at(0, 1, 2);
  it('steps from a sampled frame to its neighbours, and stops at either end', () => {
    expect(stepFrame(frames, 1, 1)?.t).toBe(2);
    expect(stepFrame(frames, 1, -1)?.t).toBe(0);
    expect(stepFrame(frames, 0, -1)).toBeNull();
    expect(stepFrame(frames, 2, 1)).toBeNull();
  });

  it('between samples, goes to the one after or before the moment', () => {
    expect(stepFrame(frames, 1.3, 1)?.t).toBe(2);
    expect(stepFrame(frames, 1.3, -1)?.t).toBe(1);
    expect(stepFrame(frames, 1.7, -1)?.t).toBe(1);
    expect(stepFrame(frames, 1.7, 1)?.t).toBe(2);
  });
});

describe('boxPosition', () => {
  it('places a box in percent of the picture', () => {
    expect(boxPosition([128, 64, 256, 128], 512, 256)).toEqual({ left: '25.000%', top: '25.000%', width: '50.000%', height: '50.000%' });
  });

  it('clips a face detected partly outside the picture', () => {
    expect(boxPosition([-10, 200, 50, 100], 100, 250)).toEqual({ left: '0.000%', top: '80.000%', width: '40.000%', height: '20.000%' });
  });
});

describe('sampledFrames', () => {
  it('reads every face of every sampled frame from timeline.json, labelled by its track', () => {
    const r = avJob().result;
    const timeline = avTimeline();
    expect(timelineProblems(timeline)).toEqual([]);
    const frames = sampledFrames(r, timeline, tracksOf(r.evidence.visual));
    expect(frames).toHaveLength(timeline.frames.length);
    const withTwo = frames.find((f) => f.boxes.length === 2)!;
    expect(withTwo.boxes.map((b) => b.label)).toEqual(['Face 1', 'Face 2']);
    expect(frames[5]).toEqual({ t: 3.125, boxes: [{ trackKey: 'track_0', label: 'Face 1', score: 0.1,
                                                    verdict: 'likely_real', box: [520, 180, 240, 240] }] });
  });

  it('draws no box for a face of no listed track (set aside, or in no track)', () => {
    const r = report({ evidence: { visual: visual({ tracks: [track(0, 0.9)] }) } });
    const timeline: Timeline = { frames: [{ t: 0, faces: 2, fake_score: 0.9, detections: [
      { box: [1, 2, 3, 4], track: 0, fake_score: 0.9, scores: { Meso4_DF: 0.9 } },
      { box: [5, 6, 7, 8], track: -1, fake_score: 0.5, scores: { Meso4_DF: 0.5 } },
      { box: [5, 6, 7, 8], track: 7, fake_score: 0.5, scores: { Meso4_DF: 0.5 } }] }] };
    expect(timelineProblems(timeline)).toEqual([]);
    const [frame] = sampledFrames(r, timeline, tracksOf(r.evidence.visual));
    expect(frame.boxes.map((b) => [b.trackKey, b.verdict])).toEqual([['track_0', 'likely_fake']]);
  });

  it('without timeline.json, has every sampled frame and each track\'s box at its thumbnail, in time order', () => {
    const r = report({ evidence: { visual: visual({ tracks: [track(0, 0.2, { thumbnail_t: 1, thumbnail_box: [9, 9, 40, 40] })] }) } });
    const frames = sampledFrames(r, null, tracksOf(r.evidence.visual));
    expect(frames.map((f) => [f.t, f.boxes.length])).toEqual([[0, 0], [1, 1], [2, 0]]);
    expect(frames[1].boxes[0]).toMatchObject({ label: 'Face 1', box: [9, 9, 40, 40], score: 0.2 });
  });
});

describe('frameCaption', () => {
  const frames: SampledFrame[] = [
    { t: 0.1, boxes: [{ trackKey: 'track_0', label: 'Face 1', score: 0.91, verdict: 'likely_fake', box: [0, 0, 1, 1] }] },
    { t: 0.5, boxes: [] }];
  it('says in words what the boxes show', () => {
    expect(frameCaption(frames, frames[0])).toBe('Sampled frame 1 of 2 (0:00.1): Face 1 0.91, Signs of manipulation.');
    expect(frameCaption(frames, frames[1])).toBe('Sampled frame 2 of 2 (0:00.5): no scored face in this frame.');
    expect(frameCaption(frames, null)).toMatch(/^Between sampled frames: face boxes appear at the 2 frames/);
    expect(frameCaption(frames.slice(0, 1), frames[0], { still: true })).toBe('In the picture: Face 1 0.91, Signs of manipulation.');
  });
});

it('trackMoment: a face in the gallery is shown at its most suspicious frame', () => {
  const v = visual({ tracks: [track(4, 0.5, { thumbnail_t: 2.5 })] });
  expect(trackMoment(v, 'track_4')).toBe(2.5);
  expect(trackMoment(v, 'track_5')).toBeNull();
});
