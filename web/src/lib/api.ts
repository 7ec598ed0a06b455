// Thin typed client for /api/v1. Every failure becomes an ApiError carrying
// the server's stable error code, so pages can explain it.
import { authHeader } from './auth';
import type { JobFilters } from './history';
import type { ApiKeyInfo, IssuedKey, NewKeyBody } from './keys';
import { upgradeLegacyReport } from './legacyReport';
import { detectorCatalogue, NO_CATALOGUE, type DetectorCatalogue, type RerunBody } from './rerun';
import type { Job, JobPage, ModelCard, Timeline, User } from './types';
import type { Delivery, IssuedWebhook, NewWebhookBody, Webhook, WebhookPatch } from './webhooks';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Builds an ApiError from any response body, JSON envelope or not.
export function apiErrorFrom(status: number, bodyText: string): ApiError {
  try {
    const parsed = JSON.parse(bodyText) as { error?: { code?: string; message?: string } };
    if (parsed.error?.code) return new ApiError(status, parsed.error.code, parsed.error.message ?? parsed.error.code);
  } catch {
    // not JSON: fall through
  }
  const code = status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`;
  return new ApiError(status, code, bodyText.trim().slice(0, 200) || `request failed with status ${status}`);
}

async function requestText(key: string, path: string, init: RequestInit = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(API_BASE + path, { ...init, headers: { ...authHeader(key), ...(init.headers ?? {}) } });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', `cannot reach the server (${(e as Error).message})`);
  }
  const text = await res.text();
  if (!res.ok) throw apiErrorFrom(res.status, text);
  return text;
}

async function request<T>(key: string, path: string, init: RequestInit = {}): Promise<T> {
  return JSON.parse(await requestText(key, path, init)) as T;
}

// Every job enters the UI through here (and the event stream), so its report
// is in the current contract whatever version the store kept.
export function jobFrom(raw: unknown): Job {
  const job = raw as Job;
  return { ...job, result: job.result ? upgradeLegacyReport(job.result) : null };
}

let routes: Promise<Set<string>> | null = null;

export function hasRoute(path: string): Promise<boolean> {
  routes ??= fetch(`${API_BASE}/openapi.json`)
    .then((r) => (r.ok ? r.json() : { paths: {} }))
    .then((doc: { paths?: Record<string, unknown> }) => new Set(Object.keys(doc.paths ?? {})))
    .catch(() => new Set<string>());
  return routes.then((set) => set.has(API_BASE + path));
}

// Artifacts are named in the report (ArtifactRef.name) and served under the job.
async function fetchArtifact(key: string, id: string, name: string): Promise<Response> {
  const url = `${API_BASE}/jobs/${encodeURIComponent(id)}/artifacts/${encodeURIComponent(name)}`;
  const res = await fetch(url, { headers: authHeader(key) });
  if (!res.ok) throw apiErrorFrom(res.status, await res.text());
  return res;
}

export const api = {
  me: (key: string) => request<User>(key, '/me'),
  job: async (key: string, id: string) => jobFrom(await request<unknown>(key, `/jobs/${encodeURIComponent(id)}`)),
  // A cursor belongs to the filters it was made with: pass both together.
  async listJobs(key: string, limit: number, cursor?: string | null, filters: JobFilters = {}): Promise<JobPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    const page = await request<JobPage>(key, `/jobs?${query}`);
    return { ...page, jobs: page.jobs.map(jobFrom) };
  },
  cancel: async (key: string, id: string) =>
    jobFrom(await request<unknown>(key, `/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' })),
  // Removes a finished job with its upload and artifacts for good (204, no
  // body); a queued or running one is refused with JOB_STILL_RUNNING.
  async deleteJob(key: string, id: string): Promise<void> {
    await requestText(key, `/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  // The same upload analysed again as a new job, with other settings (each
  // omitted field keeps the original's); JOB_STILL_RUNNING while it runs.
  rerun: async (key: string, id: string, body: RerunBody) =>
    jobFrom(await request<unknown>(key, `/jobs/${encodeURIComponent(id)}/rerun`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    })),
  hasRerun: () => hasRoute('/jobs/{id}/rerun'),
  // The face detectors a job may ask for, and the default set; nothing from
  // a server without a catalogue.
  async detectorCatalogue(key: string): Promise<DetectorCatalogue> {
    if (!(await hasRoute('/models'))) return NO_CATALOGUE;
    return detectorCatalogue(await request<unknown>(key, '/models'));
  },
  // Model cards are optional: servers without a /models route are asked
  // nothing (the public OpenAPI document says which routes exist).
  async models(key: string): Promise<ModelCard[]> {
    if (!(await hasRoute('/models'))) return [];
    try {
      const body = await request<{ models?: ModelCard[]; detectors?: ModelCard[] } | ModelCard[]>(key, '/models');
      if (Array.isArray(body)) return body;
      return body.models ?? body.detectors ?? [];
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }
  },
  // Artifacts (thumbnails, the timeline) need the Authorization header, so
  // <img src> cannot load them directly: fetch, then hand back an object URL.
  async artifactUrl(key: string, id: string, name: string): Promise<string> {
    return URL.createObjectURL(await (await fetchArtifact(key, id, name)).blob());
  },
  // timeline.json, the one JSON artifact, typed by the contract's Timeline.
  async timeline(key: string, id: string, name: string): Promise<Timeline> {
    return (await fetchArtifact(key, id, name)).json() as Promise<Timeline>;
  },
  hasArtifacts: () => hasRoute('/jobs/{id}/artifacts/{name}'),
  // The files `deeptrace verify` reads are saved exactly as the server sent
  // them, so the raw text comes back along with (or instead of) the parse.
  jobText: (key: string, id: string) => requestText(key, `/jobs/${encodeURIComponent(id)}`),
  async getJobAnchor(key: string, id: string): Promise<{ body: unknown; text: string }> {
    const text = await requestText(key, `/jobs/${encodeURIComponent(id)}/anchor`);
    return { body: JSON.parse(text), text };
  },
  hasAnchors: () => hasRoute('/jobs/{id}/anchor'),
  // The caller's own keys, oldest first, without secrets.
  keys: async (key: string) => (await request<{ keys: ApiKeyInfo[] }>(key, '/keys')).keys,
  // The answer carries the new key's secret: the only time the server sends it.
  createKey: (key: string, body: NewKeyBody) => request<IssuedKey>(key, '/keys', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  // 204; revoking the key `key` itself signs this client out.
  async revokeKey(key: string, id: string): Promise<void> {
    await requestText(key, `/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  // Webhook endpoints (docs/webhooks.md): servers without them are asked nothing.
  hasWebhooks: () => hasRoute('/webhooks'),
  webhooks: async (key: string) => (await request<{ webhooks: Webhook[] }>(key, '/webhooks')).webhooks,
  // 201 with the signing secret: the first of the two times the server sends it.
  createWebhook: (key: string, body: NewWebhookBody) => request<IssuedWebhook>(key, '/webhooks', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  updateWebhook: (key: string, id: string, patch: WebhookPatch) => request<Webhook>(key, `/webhooks/${encodeURIComponent(id)}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch),
  }),
  async deleteWebhook(key: string, id: string): Promise<void> {
    await requestText(key, `/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  // The new secret replaces the old one at once; the answer carries it, this once.
  rotateWebhookSecret: (key: string, id: string) =>
    request<IssuedWebhook>(key, `/webhooks/${encodeURIComponent(id)}/rotate-secret`, { method: 'POST' }),
  // 202: a webhook.test delivery, queued; its outcome shows in the log.
  testWebhook: (key: string, id: string) => request<Delivery>(key, `/webhooks/${encodeURIComponent(id)}/test`, { method: 'POST' }),
  // Newest first.
  webhookDeliveries: async (key: string, id: string, limit: number) =>
    (await request<{ deliveries: Delivery[] }>(key, `/webhooks/${encodeURIComponent(id)}/deliveries?limit=${limit}`)).deliveries,
};
