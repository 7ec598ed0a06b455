// Colours for the charts (recharts takes them as props, not classes), one
// set per theme: each line and mark stands out from its background by at
// least 3:1 (WCAG 1.4.11), text by at least 4.5:1 (chartTheme.test.ts).
export interface ChartPalette {
  background: string; // the card the chart sits on
  series: string[];
  grid: string;
  axis: string;
  text: string;
  likelyFake: string;
  likelyReal: string;
  tooltip: { background: string; border: string; text: string };
}

export const LIGHT_CHART: ChartPalette = {
  background: '#ffffff',
  series: ['#4f46e5', '#dc2626', '#047857', '#b45309', '#7c3aed', '#0e7490'],
  grid: '#e2e8f0',
  axis: '#64748b',
  text: '#475569',
  likelyFake: '#c2410c',
  likelyReal: '#047857',
  tooltip: { background: '#ffffff', border: '#cbd5e1', text: '#0f172a' },
};

export const DARK_CHART: ChartPalette = {
  background: '#0f172a', // slate-900, .card in dark mode
  series: ['#818cf8', '#f87171', '#34d399', '#fbbf24', '#a78bfa', '#22d3ee'],
  grid: '#334155',
  axis: '#64748b',
  text: '#cbd5e1',
  likelyFake: '#fb923c',
  likelyReal: '#34d399',
  tooltip: { background: '#1e293b', border: '#475569', text: '#f1f5f9' },
};

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

// WCAG's contrast ratio of two #rrggbb colours, 1 to 21.
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
