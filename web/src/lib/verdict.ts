// Wording for verdicts. Scores come from imperfect models, so every phrase
// describes what the detectors indicate, never what the video "is".
import { VERDICT_WORDING } from './generated/report';
import type { SectionStatus, Thresholds, Verdict } from './types';

export type Tone = 'warning' | 'ok' | 'neutral' | 'muted';

export interface VerdictWording {
  title: string;
  detail: string;
  tone: Tone;
}

const UNCERTAINTY =
  'This is a statistical estimate from automated detectors, not proof; review the video and its source before drawing conclusions.';

// `verdict` is typed by the contract, but a newer server may send a value this
// build does not know yet; that falls to the default wording.
export function verdictWording(verdict: Verdict, score: number | null, thresholds: Thresholds,
                               reason: string | null): VerdictWording {
  const s = typeof score === 'number' ? score.toFixed(2) : 'n/a';
  switch (verdict) {
    case 'likely_fake':
      return {
        title: VERDICT_WORDING.likely_fake.headline,
        detail: `The detectors' score (${s}) is at or above the "${VERDICT_WORDING.likely_fake.label}" threshold` +
          ` (${thresholds.likely_fake}). ${UNCERTAINTY}`,
        tone: 'warning',
      };
    case 'likely_real':
      return {
        title: VERDICT_WORDING.likely_real.headline,
        detail: `The detectors' score (${s}) is at or below the "${VERDICT_WORDING.likely_real.label}" threshold` +
          ` (${thresholds.likely_real}). This does not prove authenticity: ` +
          'the detectors can miss modern or heavily compressed manipulations.',
        tone: 'ok',
      };
    case 'inconclusive':
      // With a reason (the detectors disagree, or the video is outside what
      // they were trained on) the score may lie anywhere: the reason withheld the verdict.
      return {
        title: VERDICT_WORDING.inconclusive.headline,
        detail: reason
          ? `A confident verdict is withheld (${reason}); the detectors' highest score is ${s}. ${UNCERTAINTY}`
          : `The detectors' score (${s}) falls between the thresholds, so they cannot lean either way. ${UNCERTAINTY}`,
        tone: 'neutral',
      };
    case 'not_applicable':
      return { title: VERDICT_WORDING.not_applicable.headline, detail: notApplicableReason(reason), tone: 'muted' };
    default:
      return {
        title: 'No verdict',
        detail: `The report has no verdict${verdict ? ` the interface knows ("${verdict}")` : ''}. ${UNCERTAINTY}`,
        tone: 'muted',
      };
  }
}

export function notApplicableReason(reason: string | null): string {
  switch (reason) {
    case 'NO_FACE':
      return 'No face was found in the sampled frames. These detectors only judge faces, so they give no evidence ' +
        'either way about whether this video was manipulated.';
    case 'NO_VIDEO':
      return 'The file has no video, so the face and landmark-motion detectors had nothing to judge.';
    case 'STILL_IMAGE':
      return 'A still image has no motion, so the landmark-motion detector had nothing to judge.';
    case 'NO_TRACKED_WINDOW':
      return 'No face was followed for long enough (about a second of consecutive frames) for the landmark-motion ' +
        'detector to judge it.';
    case 'NO_AUDIO':
      return 'The file has no audio track, so the voice detector had nothing to judge.';
    case 'NO_SPEECH':
      return 'No speech was found in the audio. The voice detector only judges speech, so it gives no evidence ' +
        'either way about the voice.';
    case 'AUDIO_DECODE_FAILED':
      return 'The audio could not be decoded, so the voice detector gives no evidence; the rest of the analysis ' +
        'is not affected.';
    default:
      return `The detectors could not judge this file${reason ? ` (${reason})` : ''}. This gives no evidence either way about manipulation.`;
  }
}


// The verdict a single score earns under the report's thresholds, as the
// producer decides it (src/report: verdict_for): at or above likely_fake,
// at or below likely_real, else between them.
export function verdictFor(score: number, thresholds: Thresholds): Verdict {
  if (score >= thresholds.likely_fake) return 'likely_fake';
  if (score <= thresholds.likely_real) return 'likely_real';
  return 'inconclusive';
}

export function verdictLabel(verdict: Verdict): string {
  return (VERDICT_WORDING as Record<string, { label: string } | undefined>)[verdict]?.label ?? '—';
}

const SECTION_STATUS_LABELS: Record<SectionStatus, string> = {
  ok: 'Scored',
  not_applicable: 'Not applicable',
  unavailable: 'Models not installed',
  failed: 'Analysis failed',
};

// What an evidence section managed to do; a section that did not score says
// why with its reason code.
export function sectionStatusLabel(status: SectionStatus, reason: string | null): string {
  const label = SECTION_STATUS_LABELS[status] ?? status;
  return reason ? `${label} (${reason})` : label;
}
