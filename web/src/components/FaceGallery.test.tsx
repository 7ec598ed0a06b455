// The face cards' saliency heatmaps (issue 18), as first painted (server
// rendering: no effects, so the pictures show their loading state): the
// "Heatmap" toggle, its pressed state and the caption that says what a
// heatmap is and is not. Which picture each state fetches is facePicture's.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { jobArtifacts } from '../lib/api';
import { tracksOf } from '../lib/report';
import type { FaceTrack } from '../lib/types';
import { part } from '../test/markup';
import { report, track, visual } from '../test/reports';
import { reportProblems } from '../test/schema';
import { FaceGallery, HEATMAP_CAPTION, facePicture } from './FaceGallery';

const HASH = 'cd'.repeat(32);
const withHeatmap = (id: number): FaceTrack => track(id, 0.9, {
  saliency: { artifact: { name: `track-${id}-saliency.jpg`, sha256: HASH, size: 200, content_type: 'image/jpeg' },
              method: 'input_gradient', detectors: ['Meso4_DF', 'MesoInception_DF'] },
});
const tracks = tracksOf(visual({ tracks: [withHeatmap(0), track(1, 0.2, { saliency: null }), track(2, 0.5)] }));
const render = (heatmaps = false) =>
  renderToStaticMarkup(<FaceGallery artifacts={jobArtifacts('j-1')} tracks={tracks} heatmaps={heatmaps} />);

describe('the report contract', () => {
  it('accepts a track with a heatmap, with null, and without the field (older reports)', () => {
    const r = report({ evidence: { visual: visual({ tracks: [withHeatmap(0), track(1, 0.2, { saliency: null }), track(2, 0.5)] }) } });
    expect(reportProblems(r)).toEqual([]);
    const noDetectors = { ...withHeatmap(0).saliency!, detectors: [] as string[] };
    const bad = report({ evidence: { visual: visual({ tracks: [track(0, 0.9, { saliency: noDetectors as FaceTrack['saliency'] })] }) } });
    expect(reportProblems(bad)).not.toEqual([]);
  });

  it('tracksOf keeps the heatmap\'s artifact, method and detectors; none for null or absent', () => {
    expect(tracks[0].saliency).toEqual({ artifact: 'track-0-saliency.jpg', method: 'input_gradient',
                                         detectors: ['Meso4_DF', 'MesoInception_DF'] });
    expect(tracks[1].saliency).toBeUndefined();
    expect(tracks[2].saliency).toBeUndefined();
  });
});

describe('facePicture', () => {
  it('is the thumbnail, or with the heatmap on the saliency artifact of the same face', () => {
    expect(facePicture(tracks[0], false)).toEqual({ name: 'track-0.jpg', alt: 'Face 1 thumbnail', missing: 'thumbnail' });
    expect(facePicture(tracks[0], true))
      .toEqual({ name: 'track-0-saliency.jpg', alt: 'Face 1 saliency heatmap', missing: 'heatmap' });
  });

  it('stays the thumbnail for a face without a heatmap', () => {
    expect(facePicture(tracks[1], true)).toEqual({ name: 'track-1.jpg', alt: 'Face 2 thumbnail', missing: 'thumbnail' });
  });
});

describe('FaceGallery heatmaps', () => {
  it('offers a "Heatmap" toggle, not pressed, only on faces that have one, without the caption', () => {
    const html = render();
    expect(html.match(/data-testid="heatmap-toggle"/g)).toHaveLength(1);
    expect(html).toMatch(/<button type="button"[^>]*aria-pressed="false"[^>]*data-testid="heatmap-toggle"/);
    expect(part(html, 'heatmap-toggle')).toBe('Heatmap : Face 1'); // the face named for screen readers
    expect(html).not.toContain('heatmap-caption');
  });

  it('pressed, shows the heatmap with one line saying what it is and is not', () => {
    const html = render(true);
    expect(html).toMatch(/aria-pressed="true"[^>]*data-testid="heatmap-toggle"/);
    expect(part(html, 'heatmap-caption')).toBe(HEATMAP_CAPTION);
    expect(HEATMAP_CAPTION).toMatch(/most sensitive.*not proof of editing/);
    expect(html.match(/data-testid="heatmap-caption"/g)).toHaveLength(1); // the faces without one keep their thumbnail
  });

  it('names the detectors whose maps the heatmap averages', () => {
    expect(render()).toContain('title="Input-gradient saliency of Meso4_DF, MesoInception_DF"');
  });
});
