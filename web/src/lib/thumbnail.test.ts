import { describe, expect, it } from 'vitest';
import { report, track, visual } from '../test/reports';
import { MAX_THUMBNAIL_FETCHES, mediaKindOf, thumbnailArtifact } from './thumbnail';
import type { Job } from './types';

function job(overrides: Partial<Job> = {}): Job {
  return { job_id: 'j1', status: 'COMPLETED', created_at: '2026-12-02T10:00:00Z', ...overrides };
}

describe('thumbnailArtifact', () => {
  it("takes a completed job's first face track's crop", () => {
    const r = report({ evidence: { visual: visual({ tracks: [track(0, 0.3), track(1, 0.9)] }) } });
    expect(thumbnailArtifact(job({ result: r }))).toBe('track-0.jpg');
  });

  it('skips a track that kept no crop', () => {
    const r = report({ evidence: { visual: visual({ tracks: [track(0, 0.3, { thumbnail: null }), track(4, 0.5)] }) } });
    expect(thumbnailArtifact(job({ result: r }))).toBe('track-4.jpg');
  });

  it('has none without face tracks, without a report, or before the job completed', () => {
    expect(thumbnailArtifact(job({ result: report({ evidence: { visual: visual({ tracks: [] }) } }) }))).toBeNull();
    expect(thumbnailArtifact(job({ result: null }))).toBeNull();
    expect(thumbnailArtifact(job({ status: 'FAILED' }))).toBeNull();
    const r = report({ evidence: { visual: visual({ tracks: [track(0, 0.3)] }) } });
    expect(thumbnailArtifact(job({ status: 'PROCESSING', result: r }))).toBeNull();
  });

  it('fetches a few at a time at most', () => {
    expect(MAX_THUMBNAIL_FETCHES).toBeGreaterThanOrEqual(1);
    expect(MAX_THUMBNAIL_FETCHES).toBeLessThanOrEqual(4);
  });
});

describe('mediaKindOf (the placeholder icon)', () => {
  it("prefers the report's own kind", () => {
    const r = report({ media: { ...report().media, kind: 'audio' } });
    expect(mediaKindOf(job({ result: r, media: { content_type: 'video/mp4' } }))).toBe('audio');
  });

  it("falls back to the upload's type, then its name, then video", () => {
    expect(mediaKindOf(job({ media: { content_type: 'image/jpeg' } }))).toBe('image');
    expect(mediaKindOf(job({ media: { content_type: 'audio/mpeg' } }))).toBe('audio');
    expect(mediaKindOf(job({ media: { content_type: 'video/webm' } }))).toBe('video');
    expect(mediaKindOf(job({ media: { filename: 'IMG_1.HEIC' } }))).toBe('image');
    expect(mediaKindOf(job({ media: { filename: 'voice.m4a', content_type: 'application/octet-stream' } }))).toBe('audio');
    expect(mediaKindOf(job({ media: { filename: 'clip' } }))).toBe('video');
    expect(mediaKindOf(job())).toBe('video');
  });
});
