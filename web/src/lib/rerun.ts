// Re-running a finished job with other settings (POST
// /api/v1/jobs/{id}/rerun): the same upload, a new job. The form starts
// from the job's own options; what it sends is checked here first.
import { mediaKindOf } from './thumbnail';
import type { Job, UploadLimits } from './types';

// A face detector the server offers (GET /api/v1/models, `detectors`).
export interface DetectorChoice {
  name: string;
  available: boolean; // its weights are installed
  reason?: string; // why not, when not
}

export interface DetectorCatalogue {
  detectors: DetectorChoice[];
  defaults: string[]; // what a job without its own list runs (`default_detectors`)
}

export const NO_CATALOGUE: DetectorCatalogue = { detectors: [], defaults: [] };

// GET /api/v1/models's body, as far as the form needs it.
export function detectorCatalogue(body: unknown): DetectorCatalogue {
  const doc = (body && typeof body === 'object' ? body : {}) as { detectors?: unknown; default_detectors?: unknown };
  const detectors: DetectorChoice[] = (Array.isArray(doc.detectors) ? doc.detectors : [])
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && typeof d.name === 'string')
    .map((d) => ({
      name: d.name as string,
      available: d.available !== false,
      ...(typeof d.unavailable_reason === 'string' ? { reason: d.unavailable_reason } : {}),
    }));
  const defaults = Array.isArray(doc.default_detectors)
    ? doc.default_detectors.filter((n): n is string => typeof n === 'string') : [];
  return { detectors, defaults };
}

export interface RerunForm {
  frames: string; // as typed
  detectors: string[];
}

// What the form asks about: frames only for a video (a picture is one
// frame, a recording none), detectors for anything with pictures, and only
// when the server lists them.
export function rerunFields(job: Pick<Job, 'media' | 'result'>, catalogue: DetectorCatalogue) {
  const kind = mediaKindOf(job);
  return { frames: kind === 'video', detectors: kind !== 'audio' && catalogue.detectors.length > 0 };
}

// The job's own settings: its frames, and its detectors or, when it ran the
// server's default set, that set; detectors no longer installed are left out.
export function rerunDefaults(job: Pick<Job, 'options'>, catalogue: DetectorCatalogue, limits?: UploadLimits): RerunForm {
  const frames = job.options?.frames ?? limits?.default_frames;
  const available = new Set(catalogue.detectors.filter((d) => d.available).map((d) => d.name));
  const own = job.options?.detectors ?? [];
  const wanted = own.length > 0 ? own : catalogue.defaults.length > 0 ? catalogue.defaults : [...available];
  return {
    frames: frames === undefined ? '' : String(frames),
    detectors: catalogue.detectors.map((d) => d.name).filter((name) => wanted.includes(name) && available.has(name)),
  };
}

export interface RerunProblems {
  frames: string | null;
  detectors: string | null;
}

export function rerunProblems(form: RerunForm, fields: { frames: boolean; detectors: boolean },
                              limits?: UploadLimits): RerunProblems {
  let frames: string | null = null;
  if (fields.frames) {
    const n = Number(form.frames.trim());
    const max = limits?.max_frames;
    if (form.frames.trim() === '' || !Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) {
      frames = `Frames must be a whole number ${max === undefined ? 'of at least 1' : `from 1 to ${max}`}.`;
    }
  }
  const detectors = fields.detectors && form.detectors.length === 0 ? 'Choose at least one detector.' : null;
  return { frames, detectors };
}

export function hasProblems(problems: RerunProblems): boolean {
  return problems.frames !== null || problems.detectors !== null;
}

// The request body: only the fields the form asked about (the server keeps
// the original job's value for the others), detectors in catalogue order.
export interface RerunBody {
  frames?: number;
  detectors?: string[];
}

export function rerunBody(form: RerunForm, fields: { frames: boolean; detectors: boolean },
                          catalogue: DetectorCatalogue): RerunBody {
  const body: RerunBody = {};
  if (fields.frames) body.frames = Number(form.frames.trim());
  if (fields.detectors) body.detectors = catalogue.detectors.map((d) => d.name).filter((n) => form.detectors.includes(n));
  return body;
}
