import { describe, expect, it } from 'vitest';
import { verdictLabel, verdictWording } from './verdict';

const VERDICTS = ['likely_fake', 'likely_real', 'inconclusive', 'not_applicable', 'something_new', undefined];
// Phrases that would state a verdict as fact.
const CERTAIN = [/\bis (a )?fake\b/i, /\bis (a )?deepfake\b/i, /\bis (real|authentic|genuine)\b/i, /\bdefinitely\b/i,
                 /\bproves (that )?(it|the video|this)\b/i, /\bconfirmed\b/i];

describe('verdictWording', () => {
  it.each(VERDICTS)('never states %s as a fact', (verdict) => {
    const w = verdictWording(verdict, 0.9, { fake: 0.7, real: 0.3 }, 'NO_FACE');
    for (const text of [w.title, w.detail, verdictLabel(verdict)]) {
      for (const pattern of CERTAIN) expect(text).not.toMatch(pattern);
    }
  });

  it('states the uncertainty and the threshold for a likely fake', () => {
    const w = verdictWording('likely_fake', 0.83, { fake: 0.7 });
    expect(w.tone).toBe('warning');
    expect(w.title).toBe('Signs of manipulation detected');
    expect(w.detail).toContain('0.83');
    expect(w.detail).toContain('(0.7)');
    expect(w.detail).toContain('not proof');
  });

  it('does not call a low score proof of authenticity', () => {
    const w = verdictWording('likely_real', 0.1, { real: 0.3 });
    expect(w.detail).toContain('does not prove authenticity');
  });

  it('explains not_applicable with its reason', () => {
    const w = verdictWording('not_applicable', null, {}, 'NO_FACE');
    expect(w.title).toBe('Could not be assessed');
    expect(w.detail).toMatch(/No face was found/);
    expect(w.detail).toMatch(/no evidence either way/);
  });
});
