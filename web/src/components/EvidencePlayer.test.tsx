// The player, its face boxes and the chart beside it, as first painted
// (server rendering: no effects, no playback). What they do when played,
// clicked and stepped is checked in a real browser (tests/web/journey.test.mjs).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { jobArtifacts } from '../lib/api';
import type { FaceBox, SampledFrame } from '../lib/evidence';
import { tracksOf } from '../lib/report';
import { part, textOf } from '../test/markup';
import { avJob, report } from '../test/reports';
import { EvidencePicture, EvidencePlayer } from './EvidencePlayer';
import { FaceBoxes } from './FaceBoxes';
import { FaceGallery } from './FaceGallery';
import { TimelineChart } from './TimelineChart';
import { VideoTimeline } from './VideoTimeline';

const face = (over: Partial<FaceBox> = {}): FaceBox =>
  ({ trackKey: 'track_0', label: 'Face 1', score: 0.91, verdict: 'likely_fake', box: [128, 128, 128, 128], ...over });
const frames: SampledFrame[] = [{ t: 0, boxes: [face()] }, { t: 0.5, boxes: [] }];
const media = report().media; // 512 x 512, 25 fps

describe('FaceBoxes', () => {
  it('places each face in percent of the picture, labelled with its track and score, hidden from screen readers', () => {
    const html = renderToStaticMarkup(<FaceBoxes boxes={[face(), face({ trackKey: 'track_1', label: 'Face 2', score: 0.1,
      verdict: 'likely_real', box: [0, 0, 64, 64] })]} width={512} height={512} />);
    expect(html).toMatch(/^<div aria-hidden="true"/);
    expect(html.match(/data-testid="face-box"/g)).toHaveLength(2);
    expect(html).toContain('style="left:25.000%;top:25.000%;width:25.000%;height:25.000%"');
    expect(textOf(html)).toBe('Face 1 · 0.91 Face 2 · 0.10');
    expect(html).toContain('border-orange-400'); // leaning to manipulation
    expect(html).toContain('border-emerald-400');
  });
});

describe('EvidencePlayer', () => {
  const html = renderToStaticMarkup(<EvidencePlayer src="/api/v1/jobs/j-1/media" media={media} frames={frames} onTime={() => {}} />);

  it('plays the upload from its URL with the browser\'s own controls, in the media\'s shape', () => {
    expect(html).toMatch(/<video[^>]*src="\/api\/v1\/jobs\/j-1\/media"[^>]*controls=""[^>]*preload="metadata"/);
    expect(html).toContain('aria-label="The uploaded video, clip.mp4"');
    expect(html).toContain('aspect-ratio:1');
  });

  it('starts on the first sampled frame: its boxes, and the caption saying them in words', () => {
    expect(html.match(/data-testid="face-box"/g)).toHaveLength(1);
    expect(part(html, 'evidence-caption')).toBe('Sampled frame 1 of 2 (0:00.0): Face 1 0.91, Signs of manipulation.');
  });

  it('steps through the sampled frames with buttons; there is none before the first', () => {
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>← Previous sampled frame<\/button>/);
    expect(html).toMatch(/<button type="button" class="btn-secondary">Next sampled frame →<\/button>/);
  });
});

it('EvidencePicture: a still image with its boxes', () => {
  const html = renderToStaticMarkup(<EvidencePicture src="/m" media={{ ...media, kind: 'image' }} frames={frames.slice(0, 1)} />);
  expect(html).toMatch(/<img src="\/m" alt="The uploaded picture, clip.mp4"/);
  expect(part(html, 'evidence-caption')).toBe('In the picture: Face 1 0.91, Signs of manipulation.');
});

describe('VideoTimeline', () => {
  const r = avJob().result;
  const series = [{ key: 'track_0', label: 'Face 1', points: [{ t: 0, score: 0.2 }] }];
  const html = renderToStaticMarkup(<VideoTimeline src="/m" media={r.media} frames={frames} series={series} thresholds={r.thresholds} />);

  it('puts the player above a chart whose points can be clicked', () => {
    expect(html.indexOf('data-testid="evidence-player"')).toBeLessThan(html.indexOf('data-testid="timeline-chart"'));
    expect(html).toMatch(/class="[^"]*cursor-pointer[^"]*" data-testid="timeline-chart"/);
  });
});

describe('TimelineChart beside a player', () => {
  const thresholds = { likely_fake: 0.7, likely_real: 0.3 };
  const series = [{ key: 'track_0', label: 'Face 1', points: [{ t: 0, score: 0.2 }] }];
  it('carries the current time for the marker; alone it has none, and no pointer', () => {
    const withPlayer = renderToStaticMarkup(<TimelineChart series={series} thresholds={thresholds} durationS={3} currentTime={1.5} onPick={() => {}} />);
    expect(withPlayer).toContain('data-current-time="1.5"');
    const alone = renderToStaticMarkup(<TimelineChart series={series} thresholds={thresholds} durationS={3} />);
    expect(alone).not.toContain('data-current-time');
    expect(alone).not.toContain('cursor-pointer');
  });
});

describe('FaceGallery', () => {
  const tracks = tracksOf(avJob().result.evidence.visual);
  it('offers "Show in video" on each face only when there is a player', () => {
    const withPlayer = renderToStaticMarkup(<FaceGallery artifacts={jobArtifacts('j-1')} tracks={tracks} onShowInVideo={() => {}} />);
    expect(withPlayer.match(/data-testid="show-in-video"/g)).toHaveLength(2);
    expect(part(withPlayer, 'show-in-video')).toBe('Show in video : Face 1'); // the face named for screen readers
    const without = renderToStaticMarkup(<FaceGallery artifacts={jobArtifacts('j-1')} tracks={tracks} />);
    expect(without).not.toContain('show-in-video');
  });
});
