import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TimelineChart } from './TimelineChart';

const thresholds = { likely_fake: 0.7, likely_real: 0.3 };

describe('TimelineChart', () => {
  it('names the landmark-motion lines beside the per-frame ones for screen readers', () => {
    const html = renderToStaticMarkup(<TimelineChart thresholds={thresholds} durationS={3} series={[
      { key: 'track_0', label: 'Face 1', points: [{ t: 0, score: 0.2 }] },
      { key: 'temporal_track_0', label: 'Face 1 · landmark motion', kind: 'temporal', points: [{ t: 0.6, score: 0.1 }] }]} />);
    expect(html).toContain('aria-label="Manipulation score over time for Face 1, Face 1 · landmark motion"');
  });

  it('says there is no timeline when nothing was scored', () => {
    expect(renderToStaticMarkup(<TimelineChart thresholds={thresholds} durationS={3} series={[]} />)).toContain('no timeline');
  });

  // Issue 18: the axis started at the first sampled time (39.4 s of a 120 s clip).
  it('spans the whole clip from 0, whatever times were sampled', () => {
    const html = renderToStaticMarkup(<TimelineChart thresholds={thresholds} durationS={120} series={[
      { key: 'track_0', label: 'Face 1', points: [{ t: 39.4, score: 0.2 }, { t: 80.2, score: 0.4 }] }]} />);
    expect(html).toContain('data-domain="0 120"');
  });
});
