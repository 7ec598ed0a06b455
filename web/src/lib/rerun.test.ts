import { describe, expect, it } from 'vitest';
import { report } from '../test/reports';
import {
  detectorCatalogue, hasProblems, NO_CATALOGUE, rerunBody, rerunDefaults, rerunFields, rerunProblems,
} from './rerun';
import type { Job, UploadLimits } from './types';

const limits: UploadLimits = { max_frames: 256, default_frames: 32, max_upload_bytes: 1 << 30 };

// GET /api/v1/models as the server answers it (src/api/model_catalog.cpp).
const catalogue = detectorCatalogue({
  detectors: [
    { name: 'Meso4_DF', available: true, card: {} },
    { name: 'Meso4_F2F', available: true },
    { name: 'MesoInception_DF', available: false, unavailable_reason: 'weights not installed' },
    { name: 'MesoInception_F2F', available: true },
  ],
  face_detectors: [{ name: 'blazeface_front', available: true }],
  default_detectors: ['Meso4_DF', 'Meso4_F2F', 'MesoInception_DF', 'MesoInception_F2F'],
});

function job(overrides: Partial<Job> = {}): Job {
  return { job_id: 'j1', status: 'COMPLETED', created_at: '2026-12-02T10:00:00Z',
           media: { filename: 'clip.mp4', content_type: 'video/mp4' }, options: { frames: 16, detectors: [] }, ...overrides };
}

describe('the detector catalogue', () => {
  it('reads the face detectors, whether installed and why not, and the default set', () => {
    expect(catalogue.detectors).toEqual([
      { name: 'Meso4_DF', available: true },
      { name: 'Meso4_F2F', available: true },
      { name: 'MesoInception_DF', available: false, reason: 'weights not installed' },
      { name: 'MesoInception_F2F', available: true },
    ]);
    expect(catalogue.defaults).toHaveLength(4);
  });

  it('reads anything else as an empty catalogue', () => {
    for (const body of [null, [], 'x', { detectors: 'no' }, { detectors: [{ nom: 'x' }] }]) {
      expect(detectorCatalogue(body)).toEqual(NO_CATALOGUE);
    }
  });
});

describe('the re-run form starts from the job', () => {
  it("takes the job's frames, and for a job that ran the default set, the installed defaults", () => {
    expect(rerunDefaults(job(), catalogue, limits)).toEqual({
      frames: '16', detectors: ['Meso4_DF', 'Meso4_F2F', 'MesoInception_F2F'],
    });
  });

  it("takes the job's own detectors, in catalogue order, leaving out any no longer installed", () => {
    const own = job({ options: { frames: 8, detectors: ['MesoInception_F2F', 'MesoInception_DF', 'Meso4_DF'] } });
    expect(rerunDefaults(own, catalogue, limits)).toEqual({ frames: '8', detectors: ['Meso4_DF', 'MesoInception_F2F'] });
  });

  it("falls back to the server's default frames, and every installed detector without a default set", () => {
    const bare = { ...catalogue, defaults: [] };
    expect(rerunDefaults(job({ options: undefined }), bare, limits)).toEqual({
      frames: '32', detectors: ['Meso4_DF', 'Meso4_F2F', 'MesoInception_F2F'],
    });
    expect(rerunDefaults(job({ options: undefined }), NO_CATALOGUE)).toEqual({ frames: '', detectors: [] });
  });

  it('asks for frames only for a video, and for detectors only for pictures on a server that lists them', () => {
    expect(rerunFields(job(), catalogue)).toEqual({ frames: true, detectors: true });
    expect(rerunFields(job({ media: { content_type: 'image/jpeg' } }), catalogue)).toEqual({ frames: false, detectors: true });
    const voice = job({ result: report({ media: { ...report().media, kind: 'audio' } }) });
    expect(rerunFields(voice, catalogue)).toEqual({ frames: false, detectors: false });
    expect(rerunFields(job(), NO_CATALOGUE)).toEqual({ frames: true, detectors: false });
  });
});

describe('the re-run form checks before it sends', () => {
  const both = { frames: true, detectors: true };

  it('wants a whole number of frames from 1 to the limit', () => {
    for (const frames of ['', ' ', '0', '-3', '2.5', 'ten', '257']) {
      expect(rerunProblems({ frames, detectors: ['Meso4_DF'] }, both, limits).frames).toBe('Frames must be a whole number from 1 to 256.');
    }
    for (const frames of ['1', '16', ' 256 ']) expect(rerunProblems({ frames, detectors: ['Meso4_DF'] }, both, limits).frames).toBeNull();
    expect(rerunProblems({ frames: '9999', detectors: ['x'] }, both).frames).toBeNull(); // limits unknown: the server checks
    expect(rerunProblems({ frames: '0', detectors: ['x'] }, both).frames).toBe('Frames must be a whole number of at least 1.');
  });

  it('wants at least one detector', () => {
    const problems = rerunProblems({ frames: '4', detectors: [] }, both, limits);
    expect(problems).toEqual({ frames: null, detectors: 'Choose at least one detector.' });
    expect(hasProblems(problems)).toBe(true);
    expect(hasProblems(rerunProblems({ frames: '4', detectors: ['Meso4_DF'] }, both, limits))).toBe(false);
  });

  it('ignores what the form does not ask about', () => {
    expect(rerunProblems({ frames: '', detectors: [] }, { frames: false, detectors: false }, limits))
      .toEqual({ frames: null, detectors: null });
  });

  it('sends the fields it asked about, detectors in catalogue order', () => {
    expect(rerunBody({ frames: ' 4 ', detectors: ['MesoInception_F2F', 'Meso4_DF'] }, both, catalogue))
      .toEqual({ frames: 4, detectors: ['Meso4_DF', 'MesoInception_F2F'] });
    expect(rerunBody({ frames: '4', detectors: [] }, { frames: true, detectors: false }, catalogue)).toEqual({ frames: 4 });
    expect(rerunBody({ frames: '', detectors: ['Meso4_DF'] }, { frames: false, detectors: true }, catalogue))
      .toEqual({ detectors: ['Meso4_DF'] });
  });
});
