// Wording for verdicts. Scores come from imperfect models, so every phrase
// describes what the detectors indicate, never what the video "is".
export type Tone = 'warning' | 'ok' | 'neutral' | 'muted';

export interface VerdictWording {
  title: string;
  detail: string;
  tone: Tone;
}

interface Thresholds {
  fake?: number;
  real?: number;
}

const UNCERTAINTY =
  'This is a statistical estimate from automated detectors, not proof; review the video and its source before drawing conclusions.';

export function verdictWording(verdict: string | undefined, score: number | null | undefined,
                               thresholds: Thresholds = {}, reason?: string): VerdictWording {
  const s = typeof score === 'number' ? score.toFixed(2) : 'n/a';
  switch (verdict) {
    case 'likely_fake':
      return {
        title: 'Signs of manipulation detected',
        detail: `The detectors' score (${s}) is at or above the "likely manipulated" threshold` +
          `${thresholds.fake !== undefined ? ` (${thresholds.fake})` : ''}. ${UNCERTAINTY}`,
        tone: 'warning',
      };
    case 'likely_real':
      return {
        title: 'No strong signs of manipulation found',
        detail: `The detectors' score (${s}) is at or below the "likely authentic" threshold` +
          `${thresholds.real !== undefined ? ` (${thresholds.real})` : ''}. This does not prove authenticity: ` +
          'the detectors can miss modern or heavily compressed manipulations.',
        tone: 'ok',
      };
    case 'inconclusive':
      return {
        title: 'Inconclusive',
        detail: `The detectors' score (${s}) falls between the thresholds, so they cannot lean either way. ${UNCERTAINTY}`,
        tone: 'neutral',
      };
    case 'not_applicable':
      return { title: 'Could not be assessed', detail: notApplicableReason(reason), tone: 'muted' };
    default:
      return {
        title: 'No verdict',
        detail: `The report has no verdict${verdict ? ` the interface knows ("${verdict}")` : ''}. ${UNCERTAINTY}`,
        tone: 'muted',
      };
  }
}

export function notApplicableReason(reason: string | undefined): string {
  switch (reason) {
    case 'NO_FACE':
      return 'No face was found in the sampled frames. These detectors only judge faces, so they give no evidence ' +
        'either way about whether this video was manipulated.';
    default:
      return `The detectors could not judge this file${reason ? ` (${reason})` : ''}. This gives no evidence either way about manipulation.`;
  }
}

export function verdictLabel(verdict: string | undefined): string {
  switch (verdict) {
    case 'likely_fake': return 'Signs of manipulation';
    case 'likely_real': return 'No strong signs';
    case 'inconclusive': return 'Inconclusive';
    case 'not_applicable': return 'Not assessed';
    default: return '—';
  }
}
