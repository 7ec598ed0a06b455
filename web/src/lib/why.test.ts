import { describe, expect, it } from 'vitest';
import { audio, audioOnlyJob, avJob, avTimeline, report, track, visual } from '../test/reports';
import { reportProblems, timelineProblems } from '../test/schema';
import { VERDICT_WORDING } from './generated/report';
import { tracksOf } from './report';
import type { Report, Timeline } from './types';
import { listWords, whyVerdict } from './why';

const why = (r: Report, timeline: Timeline | null = null) => {
  expect(reportProblems(r)).toEqual([]);
  return whyVerdict(r, tracksOf(r.evidence.visual), timeline);
};

// Face 1 seen from 3 s to 11 s, flagged by two detectors of three.
const flaggedFace = track(1, 0.91, { faces: 16, first_t: 3, last_t: 11, verdict: 'likely_fake',
                                    scores: { Meso4_DF: 0.91, MesoInception_DF: 0.88, Meso4_F2F: 0.4 } });
const likelyFake = report({
  verdict: 'likely_fake', fake_score: 0.91,
  evidence: { visual: visual({ verdict: 'likely_fake', fake_score: 0.91, deciding_track: 1, tracks: [flaggedFace] }) },
});

// 16 sampled frames of face 1: in the first 12, Meso4_DF is at or above 0.7.
function flaggedTimeline(): Timeline {
  return { frames: Array.from({ length: 16 }, (_, i) => {
    const scores = { Meso4_DF: i < 12 ? 0.95 : 0.5, MesoInception_DF: 0.5, Meso4_F2F: 0.2 };
    return { t: 3 + i * 0.5, faces: 1, fake_score: scores.Meso4_DF, scores,
             detections: [{ box: [10, 10, 50, 50], track: 1, fake_score: scores.Meso4_DF, scores }] };
  }) };
}

// Phrases that would state a verdict as fact (as verdict.test.ts).
const CERTAIN = [/\bis (a )?fake\b/i, /\bis (a )?deepfake\b/i, /\bis (real|authentic|genuine)\b/i, /\bdefinitely\b/i, /\bproves?\b/i];

describe('whyVerdict: what drove a confident verdict', () => {
  it('names the face, its time range, the detectors that flag it and in how many frames', () => {
    expect(timelineProblems(flaggedTimeline())).toEqual([]);
    expect(why(likelyFake, flaggedTimeline()).summary).toBe('Face 1 (seen 0:03.0–0:11.0) scored 0.91 on Meso4_DF and ' +
      '0.88 on MesoInception_DF, at or above the 0.70 threshold in 12 of its 16 sampled frames; these scores drove ' +
      `the verdict "${VERDICT_WORDING.likely_fake.label}".`);
  });

  it('leaves out the frame count without timeline.json', () => {
    expect(why(likelyFake).summary).toBe('Face 1 (seen 0:03.0–0:11.0) scored 0.91 on Meso4_DF and 0.88 on ' +
      'MesoInception_DF, at or above the 0.70 threshold; these scores drove the verdict "Signs of manipulation".');
  });

  it('says which face decided when there are several', () => {
    const r = report({ ...likelyFake, evidence: { visual: visual({ ...likelyFake.evidence.visual,
      tracks: [track(0, 0.1, { verdict: 'likely_real', scores: { Meso4_DF: 0.1 } }), flaggedFace] }) } });
    expect(why(r).summary).toMatch(/^Face 2 \(seen 0:03\.0–0:11\.0, the most suspicious of 2 faces\) scored 0\.91/);
  });

  it('a clearing verdict: the highest score of all detectors and the frames at or below the threshold', () => {
    const r = report({ evidence: { visual: visual({ deciding_track: 0, tracks: [
      track(0, 0.2, { verdict: 'likely_real', scores: { Meso4_DF: 0.2, Meso4_F2F: 0.05, MesoInception_DF: 0.1 } })] }) } });
    expect(why(r).summary).toBe('Face 1 (seen 0:00.0–0:01.0) scored at most 0.20 on all 3 detectors (highest: Meso4_DF), at or below the ' +
      '0.30 threshold; these scores led to the verdict "No strong signs".');
  });

  it('a manipulated voice alone: only the section that flags is named', () => {
    const r = report({ verdict: 'likely_fake', fake_score: 0.81, evidence: { visual: visual({ deciding_track: 0,
      tracks: [track(0, 0.2, { verdict: 'likely_real', scores: { Meso4_DF: 0.2 } })] }), audio: audio() } });
    expect(why(r).summary).toBe('The voice scored 0.81 on AASIST in the speech window 0:00.0–0:04.0 (the highest of ' +
      '2 scored windows); these scores drove the verdict "Signs of manipulation".');
  });
});

describe('whyVerdict: why it is inconclusive', () => {
  it('detectors disagree: names the ones that flag and the ones that clear', () => {
    const r = report({ verdict: 'inconclusive', fake_score: 0.82, reason: 'DETECTORS_DISAGREE',
                       media: { ...report().media, kind: 'image', duration_s: 0, fps: 0 },
                       evidence: { visual: visual({ verdict: 'inconclusive', fake_score: 0.82, deciding_track: 0,
                         disagreement: { flagging: ['MesoInception_DF'], clearing: ['Meso4_F2F', 'MesoInception_F2F'] },
                         tracks: [track(0, 0.82, { scores: { MesoInception_DF: 0.82, Meso4_F2F: 0.13, MesoInception_F2F: 0 } })] }) } });
    expect(why(r).summary).toBe('Face 1 scored 0.82 on MesoInception_DF (at or above 0.70) but 0.13 on Meso4_F2F ' +
      'and 0.00 on MesoInception_F2F (at or below 0.30); because the detectors disagree, the verdict is "Inconclusive".');
  });

  it('out of domain: what the scores lean to, then the condition that held the verdict back', () => {
    const r = report({ verdict: 'inconclusive', reason: 'UNUSUAL_FRAME_RATE',
                       warnings: [{ code: 'UNUSUAL_FRAME_RATE', message: 'the frame rate is outside what the detectors were trained on' }],
                       evidence: { visual: visual({ deciding_track: 0, tracks: [track(0, 0.01, { scores: { Meso4_DF: 0.01 } })] }) } });
    expect(why(r).summary).toBe('Face 1 (seen 0:00.0–0:01.0) scored at most 0.01 on Meso4_DF, at or below the 0.30 ' +
      'threshold, but the frame rate is outside what the detectors were trained on (UNUSUAL_FRAME_RATE), so the verdict ' +
      'is "Inconclusive".');
  });

  it('between the thresholds: the highest score, and that no detector was confident', () => {
    const r = report({ verdict: 'inconclusive', fake_score: 0.5, evidence: { visual: visual({ verdict: 'inconclusive',
      fake_score: 0.5, deciding_track: 0, tracks: [track(0, 0.5, { scores: { Meso4_DF: 0.5, Meso4_F2F: 0.4 } })] }) } });
    expect(why(r).summary).toBe('Face 1 (seen 0:00.0–0:01.0) scored at most 0.50 (on Meso4_DF), between the 0.30 and ' +
      '0.70 thresholds; no detector was confident either way, so the verdict is "Inconclusive".');
  });

  it('the kinds of evidence disagree (tests/vectors/job_report_v2_av.json): the voice against the faces', () => {
    const { summary, points } = why(avJob().result, avTimeline());
    expect(summary).toBe('The voice scored 0.81 on AASIST in the speech window 0:00.0–0:04.0 (the highest of 2 scored ' +
      'windows), while Face 2 (seen 0:03.8–0:05.0, the most suspicious of 2 faces) scored at most 0.23 on both ' +
      'detectors (highest: Meso4_F2F), at or below the 0.30 threshold in 3 of its 3 sampled frames; landmark motion scored 0.12 on LRNet_g1 ' +
      'and LRNet_g2 for Face 1 (2 windows, 0:00.4–0:08.0); because the kinds of evidence disagree, the verdict is "Inconclusive".');
    expect(points).toEqual([
      'Face detectors: 16 of 16 sampled frames showed a face; Face 2 decided the score (Meso4_DF 0.08, Meso4_F2F 0.23).',
      'Landmark motion: Scored 0.12 on LRNet_g1 and LRNet_g2 for Face 1 (2 windows, 0:00.4–0:08.0), leaning "No strong signs".',
      'Voice: Scored 0.81 on AASIST in the speech window 0:00.0–0:04.0 (the highest of 2 scored windows), leaning "Signs of manipulation".',
    ]);
  });
});

describe('whyVerdict: why nothing was assessed', () => {
  it('no face: how many frames were looked at, and the detections set aside', () => {
    const r = report({ verdict: 'not_applicable', fake_score: null, reason: 'NO_FACE', evidence: { visual: visual({
      status: 'not_applicable', reason: 'NO_FACE', verdict: 'not_applicable', fake_score: null, faces_found: 0,
      faces_classified: 0, faces_set_aside: 2, frames: [{ t: 0, faces: 0, fake_score: null }, { t: 1, faces: 0, fake_score: null }],
      frames_analyzed: 2 }) } });
    const { summary, points } = why(r);
    expect(summary).toBe('None of the 2 sampled frames showed a face the detectors could score (2 detections a second ' +
      'face detector did not confirm were set aside), so no detector gave a score and the verdict is "Not assessed".');
    expect(points).toEqual(['Face detectors: 0 of 2 sampled frames showed a face; 2 detections a second face detector ' +
      'did not confirm were set aside.']);
  });

  it('nothing scored at all: each kind of evidence with its reason code', () => {
    const r = audioOnlyJob().result;
    const silent = { ...r, verdict: 'not_applicable' as const, fake_score: null, reason: 'NO_VIDEO',
                     evidence: { ...r.evidence, audio: audio({ status: 'not_applicable', reason: 'NO_SPEECH', fake_score: null,
                       verdict: 'not_applicable', windows: [], speech_windows: 0 }) } };
    expect(why(silent).summary).toBe('No kind of evidence produced a score: face detectors (NO_VIDEO), landmark motion ' +
      '(NO_VIDEO) and voice (NO_SPEECH); so the verdict is "Not assessed".');
  });
});

it('never states a verdict as a fact', () => {
  for (const r of [likelyFake, avJob().result, audioOnlyJob().result, report()]) {
    const { summary, points } = why(r, null);
    for (const text of [summary, ...points]) for (const pattern of CERTAIN) expect(text).not.toMatch(pattern);
  }
});

it('listWords joins like a sentence', () => {
  expect([listWords([]), listWords(['a']), listWords(['a', 'b']), listWords(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
});
