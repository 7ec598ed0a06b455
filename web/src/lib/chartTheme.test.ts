import { describe, expect, it } from 'vitest';
import { contrastRatio, DARK_CHART, LIGHT_CHART } from './chartTheme';

describe('contrastRatio', () => {
  it('matches WCAG for known pairs', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe.each([['light', LIGHT_CHART], ['dark', DARK_CHART]] as const)('the %s chart palette', (_, palette) => {
  it('draws every line and threshold at 3:1 or more against the card', () => {
    for (const colour of [...palette.series, palette.likelyFake, palette.likelyReal]) {
      expect(contrastRatio(colour, palette.background), colour).toBeGreaterThanOrEqual(3);
    }
  });

  it('writes the axis text, threshold labels and tooltip at 4.5:1 or more', () => {
    expect(contrastRatio(palette.text, palette.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(palette.likelyFake, palette.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(palette.likelyReal, palette.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(palette.tooltip.text, palette.tooltip.background)).toBeGreaterThanOrEqual(4.5);
    for (const colour of palette.series) {
      expect(contrastRatio(colour, palette.tooltip.background), colour).toBeGreaterThanOrEqual(4.5);
    }
  });
});
