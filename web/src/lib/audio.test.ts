import { describe, expect, it } from 'vitest';
import { audio, report } from '../test/reports';
import { reportProblems } from '../test/schema';
import { audioStatusLine, audioStreamText, audioTimelineSpan, audioWindowViews } from './audio';

const thresholds = { likely_fake: 0.7, likely_real: 0.3 };

describe('audioWindowViews', () => {
  it('orders windows by time, with span, speech, P(spoof) and the verdict the thresholds give', () => {
    expect(reportProblems(report({ evidence: { visual: report().evidence.visual, audio: audio() } }))).toEqual([]);
    expect(audioWindowViews(audio(), thresholds)).toEqual([
      { key: 'audio_0', start: 0, end: 4, speech: true, score: 0.81, verdict: 'likely_fake' },
      { key: 'audio_4', start: 4, end: 8, speech: false, score: null, verdict: null },
      { key: 'audio_8', start: 8, end: 10, speech: true, score: 0.2, verdict: 'likely_real' },
    ]);
  });

  it('applies the report thresholds at their bounds', () => {
    const at = (score: number) => audioWindowViews(audio({ windows: [{ t: 0, duration_s: 1, speech: true, fake_score: score }] }),
                                                   thresholds)[0].verdict;
    expect([at(0.7), at(0.3), at(0.5)]).toEqual(['likely_fake', 'likely_real', 'inconclusive']);
  });

  it('spans the media, or the windows when they run past an unknown duration', () => {
    const windows = audioWindowViews(audio(), thresholds);
    expect(audioTimelineSpan(windows, { ...report().media, duration_s: 12 })).toBe(12);
    expect(audioTimelineSpan(windows, { ...report().media, duration_s: 0 })).toBe(10);
    expect(audioTimelineSpan([], { ...report().media, duration_s: 0 })).toBe(0);
  });
});

describe('audioStatusLine', () => {
  const notScored = (status: 'not_applicable' | 'failed' | 'unavailable', reason: string) =>
    audioStatusLine(audio({ status, reason, fake_score: null, verdict: 'not_applicable', windows: [] }));

  it('names why the voice was not scored', () => {
    expect(notScored('not_applicable', 'NO_SPEECH')).toBe('No speech found');
    expect(notScored('not_applicable', 'NO_AUDIO')).toBe('No audio track');
    expect(notScored('failed', 'AUDIO_DECODE_FAILED')).toBe('Audio could not be decoded');
    expect(notScored('unavailable', 'MODELS_MISSING')).toBe('Models not installed (MODELS_MISSING)');
  });

  it('says nothing for a section that scored', () => {
    expect(audioStatusLine(audio())).toBeNull();
  });
});

describe('audioStreamText', () => {
  it('gives codec, channels and rate', () => {
    expect(audioStreamText({ codec: 'aac', channels: 2, sample_rate: 48000 })).toBe('aac · 2 channels · 48 kHz');
    expect(audioStreamText({ codec: 'opus', channels: 1, sample_rate: 22050 })).toBe('opus · 1 channel · 22.05 kHz');
  });
});
