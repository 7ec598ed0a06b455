// Voice spoofing (evidence.audio, AASIST): the audio timeline's windows and
// what the section says when it did not score.
import type { AudioEvidence, MediaFacts, Thresholds, Verdict } from './types';
import { sectionStatusLabel, verdictFor } from './verdict';

export interface AudioWindowView {
  key: string;
  start: number;
  end: number;
  speech: boolean;
  score: number | null; // P(spoof); null without speech, or for speech beyond the windows scored per file
  verdict: Verdict | null;
}

export function audioWindowViews(audio: AudioEvidence, thresholds: Thresholds): AudioWindowView[] {
  return [...audio.windows]
    .sort((a, b) => a.t - b.t)
    .map((w) => ({
      key: `audio_${w.t}`,
      start: w.t,
      end: w.t + w.duration_s,
      speech: w.speech,
      score: w.fake_score,
      verdict: w.fake_score === null ? null : verdictFor(w.fake_score, thresholds),
    }));
}

// The length the timeline spans: the media's duration, or the windows' end
// when the duration is unknown (0) or shorter.
export function audioTimelineSpan(windows: AudioWindowView[], media: MediaFacts): number {
  return Math.max(media.duration_s, ...windows.map((w) => w.end), 0);
}

const AUDIO_REASONS: Record<string, string> = {
  NO_SPEECH: 'No speech found',
  NO_AUDIO: 'No audio track',
  AUDIO_DECODE_FAILED: 'Audio could not be decoded',
};

// A short line for an audio section that did not score; null when it did.
export function audioStatusLine(audio: AudioEvidence): string | null {
  if (audio.status === 'ok') return null;
  return (audio.reason && AUDIO_REASONS[audio.reason]) || sectionStatusLabel(audio.status, audio.reason);
}

// "aac · 2 channels · 48 kHz" for the media facts.
export function audioStreamText(stream: NonNullable<MediaFacts['audio']>): string {
  const channels = `${stream.channels} ${stream.channels === 1 ? 'channel' : 'channels'}`;
  return [stream.codec, channels, `${stream.sample_rate / 1000} kHz`].filter(Boolean).join(' · ');
}
