import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { report } from '../test/reports';
import { VerdictBanner } from './VerdictBanner';

function text(html: string) {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&apos;/g, "'").replace(/\s+/g, ' ').trim();
}

describe('VerdictBanner', () => {
  it('shows the report explanation right under the verdict', () => {
    const sentence = '2 of 4 detectors (trained on Face2Face reenactment) flag the face as manipulated; ' +
      '2 (trained on Deepfakes face swaps) find it looks real; inconclusive.';
    const html = renderToStaticMarkup(<VerdictBanner report={report({
      verdict: 'inconclusive', fake_score: 0.84, reason: 'DETECTORS_DISAGREE', explanation: sentence,
    })} />);
    expect(html).toMatch(/<p[^>]*data-testid="explanation"[^>]*>/);
    expect(text(html)).toContain(`Inconclusive ${sentence}`);
    expect(text(html)).toContain('A confident verdict is withheld (DETECTORS_DISAGREE)');
  });

  it('shows no explanation for a report written before it existed', () => {
    const html = renderToStaticMarkup(<VerdictBanner report={report({ verdict: 'inconclusive', fake_score: 0.5 })} />);
    expect(html).not.toContain('data-testid="explanation"');
    expect(text(html)).toContain('falls between the thresholds');
  });
});
