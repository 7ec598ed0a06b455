import { describe, expect, it } from 'vitest';
import { SECTION_STATUSES, VERDICTS } from './generated/report';
import type { Thresholds, Verdict } from './types';
import { sectionStatusLabel, verdictFor, verdictLabel, verdictWording } from './verdict';

// Every verdict of the contract, and one a newer server might send.
const VERDICT_CASES = [...VERDICTS, 'something_new' as Verdict];
const thresholds: Thresholds = { likely_fake: 0.7, likely_real: 0.3 };
// Phrases that would state a verdict as fact.
const CERTAIN = [/\bis (a )?fake\b/i, /\bis (a )?deepfake\b/i, /\bis (real|authentic|genuine)\b/i, /\bdefinitely\b/i,
                 /\bproves (that )?(it|the video|this)\b/i, /\bconfirmed\b/i];

describe('verdictWording', () => {
  it.each(VERDICT_CASES)('never states %s as a fact', (verdict) => {
    const w = verdictWording(verdict, 0.9, thresholds, 'NO_FACE');
    for (const text of [w.title, w.detail, verdictLabel(verdict)]) {
      for (const pattern of CERTAIN) expect(text).not.toMatch(pattern);
    }
  });

  it('labels every verdict of the contract', () => {
    for (const verdict of VERDICTS) expect(verdictLabel(verdict)).not.toBe('—');
    expect(verdictLabel('something_new' as Verdict)).toBe('—');
  });

  it('states the uncertainty and the threshold for a likely fake', () => {
    const w = verdictWording('likely_fake', 0.83, thresholds, null);
    expect(w.tone).toBe('warning');
    expect(w.title).toBe('Signs of manipulation detected');
    expect(w.detail).toContain('0.83');
    expect(w.detail).toContain('(0.7)');
    expect(w.detail).toContain('not proof');
  });

  it('does not call a low score proof of authenticity', () => {
    const w = verdictWording('likely_real', 0.1, thresholds, null);
    expect(w.detail).toContain('(0.3)');
    expect(w.detail).toContain('does not prove authenticity');
  });

  it('explains not_applicable with its reason', () => {
    const w = verdictWording('not_applicable', null, thresholds, 'NO_FACE');
    expect(w.title).toBe('Could not be assessed');
    expect(w.detail).toMatch(/No face was found/);
    expect(w.detail).toMatch(/no evidence either way/);
  });
});

describe('sectionStatusLabel', () => {
  it('words every section status of the contract, with the reason code when there is one', () => {
    const labels = SECTION_STATUSES.map((s) => sectionStatusLabel(s, null));
    expect(new Set(labels).size).toBe(SECTION_STATUSES.length);
    for (const label of labels) expect(label).not.toMatch(/_/);
    expect(sectionStatusLabel('not_applicable', 'NO_FACE')).toBe('Not applicable (NO_FACE)');
  });
});

describe('notApplicableReason for temporal and audio evidence', () => {
  it.each([
    ['NO_VIDEO', /no video/], ['STILL_IMAGE', /still image/], ['NO_TRACKED_WINDOW', /followed for long enough/],
    ['NO_AUDIO', /no audio track/], ['NO_SPEECH', /No speech was found/], ['AUDIO_DECODE_FAILED', /could not be decoded/],
  ])('words %s instead of naming the code', (reason, wording) => {
    const sentence = verdictWording('not_applicable', null, thresholds, reason).detail;
    expect(sentence).toMatch(wording);
    expect(sentence).not.toContain(reason);
  });
});

describe('verdictFor', () => {
  it('applies the thresholds as the producer does: bounds included', () => {
    expect([0.7, 0.9, 0.3, 0.1, 0.5].map((s) => verdictFor(s, thresholds))).toEqual(
      ['likely_fake', 'likely_fake', 'likely_real', 'likely_real', 'inconclusive']);
  });
});
