// Thin typed client for /api/v1. Every failure becomes an ApiError carrying
// the server's stable error code, so pages can explain it.
import { forgetSession, rememberSession, sessionHeaders, type SessionInfo } from './auth';
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

// Every request is authenticated by the session cookie (lib/auth.ts): no
// Authorization header, and the CSRF token on the ones that change something.
// `headers` may add more (POST /session alone sends the key as Bearer).
async function requestText(path: string, init: RequestInit = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      ...init, credentials: 'same-origin', headers: { ...sessionHeaders(init.method), ...(init.headers ?? {}) },
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', `cannot reach the server (${(e as Error).message})`);
  }
  const text = await res.text();
  if (!res.ok) throw apiErrorFrom(res.status, text);
  return text;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  return JSON.parse(await requestText(path, init)) as T;
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
async function fetchArtifact(id: string, name: string): Promise<Response> {
  const url = `${API_BASE}/jobs/${encodeURIComponent(id)}/artifacts/${encodeURIComponent(name)}`;
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', `cannot reach the server (${(e as Error).message})`);
  }
  if (!res.ok) throw apiErrorFrom(res.status, await res.text());
  return res;
}

export const api = {
  // Sign-in: the one request that carries the API key (as Bearer). 201 sets
  // the HttpOnly session cookie; the answer's CSRF token is kept in memory.
  async startSession(apiKey: string): Promise<SessionInfo> {
    const session = await request<SessionInfo>('/session', { method: 'POST', headers: { Authorization: `Bearer ${apiKey}` } });
    rememberSession(session);
    return session;
  },
  // This browser's session (its cookie), for a new tab or a reload: null when
  // there is none (401), so the visitor signs in.
  async session(): Promise<SessionInfo | null> {
    try {
      const session = await request<SessionInfo>('/session');
      rememberSession(session);
      return session;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        forgetSession();
        return null;
      }
      throw e;
    }
  },
  // Sign-out (204): the server ends the session and clears the cookie. The
  // token is forgotten here whatever the answer.
  async endSession(): Promise<void> {
    try {
      await requestText('/session', { method: 'DELETE' });
    } finally {
      forgetSession();
    }
  },
  me: () => request<User>('/me'),
  job: async (id: string) => jobFrom(await request<unknown>(`/jobs/${encodeURIComponent(id)}`)),
  // A cursor belongs to the filters it was made with: pass both together.
  async listJobs(limit: number, cursor?: string | null, filters: JobFilters = {}): Promise<JobPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    const page = await request<JobPage>(`/jobs?${query}`);
    return { ...page, jobs: page.jobs.map(jobFrom) };
  },
  cancel: async (id: string) =>
    jobFrom(await request<unknown>(`/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' })),
  // Removes a finished job with its upload and artifacts for good (204, no
  // body); a queued or running one is refused with JOB_STILL_RUNNING.
  async deleteJob(id: string): Promise<void> {
    await requestText(`/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  // The same upload analysed again as a new job, with other settings (each
  // omitted field keeps the original's); JOB_STILL_RUNNING while it runs.
  rerun: async (id: string, body: RerunBody) =>
    jobFrom(await request<unknown>(`/jobs/${encodeURIComponent(id)}/rerun`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    })),
  hasRerun: () => hasRoute('/jobs/{id}/rerun'),
  // The face detectors a job may ask for, and the default set; nothing from
  // a server without a catalogue.
  async detectorCatalogue(): Promise<DetectorCatalogue> {
    if (!(await hasRoute('/models'))) return NO_CATALOGUE;
    return detectorCatalogue(await request<unknown>('/models'));
  },
  // Model cards are optional: servers without a /models route are asked
  // nothing (the public OpenAPI document says which routes exist).
  async models(): Promise<ModelCard[]> {
    if (!(await hasRoute('/models'))) return [];
    try {
      const body = await request<{ models?: ModelCard[]; detectors?: ModelCard[] } | ModelCard[]>('/models');
      if (Array.isArray(body)) return body;
      return body.models ?? body.detectors ?? [];
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }
  },
  // Artifacts (thumbnails, the timeline) are fetched with the session cookie,
  // so a missing one is an ApiError the caller can explain: then an object URL.
  async artifactUrl(id: string, name: string): Promise<string> {
    return URL.createObjectURL(await (await fetchArtifact(id, name)).blob());
  },
  // timeline.json, the one JSON artifact, typed by the contract's Timeline.
  async timeline(id: string, name: string): Promise<Timeline> {
    return (await fetchArtifact(id, name)).json() as Promise<Timeline>;
  },
  hasArtifacts: () => hasRoute('/jobs/{id}/artifacts/{name}'),
  // The files `deeptrace verify` reads are saved exactly as the server sent
  // them, so the raw text comes back along with (or instead of) the parse.
  jobText: (id: string) => requestText(`/jobs/${encodeURIComponent(id)}`),
  async getJobAnchor(id: string): Promise<{ body: unknown; text: string }> {
    const text = await requestText(`/jobs/${encodeURIComponent(id)}/anchor`);
    return { body: JSON.parse(text), text };
  },
  hasAnchors: () => hasRoute('/jobs/{id}/anchor'),
  // The caller's own keys, oldest first, without secrets.
  keys: async () => (await request<{ keys: ApiKeyInfo[] }>('/keys')).keys,
  // The answer carries the new key's secret: the only time the server sends it.
  createKey: (body: NewKeyBody) => request<IssuedKey>('/keys', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  // 204; revoking the key this browser signed in with ends its session too.
  async revokeKey(id: string): Promise<void> {
    await requestText(`/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  // Webhook endpoints (docs/webhooks.md): servers without them are asked nothing.
  hasWebhooks: () => hasRoute('/webhooks'),
  webhooks: async () => (await request<{ webhooks: Webhook[] }>('/webhooks')).webhooks,
  // 201 with the signing secret: the first of the two times the server sends it.
  createWebhook: (body: NewWebhookBody) => request<IssuedWebhook>('/webhooks', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  updateWebhook: (id: string, patch: WebhookPatch) => request<Webhook>(`/webhooks/${encodeURIComponent(id)}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch),
  }),
  async deleteWebhook(id: string): Promise<void> {
    await requestText(`/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  // The new secret replaces the old one at once; the answer carries it, this once.
  rotateWebhookSecret: (id: string) =>
    request<IssuedWebhook>(`/webhooks/${encodeURIComponent(id)}/rotate-secret`, { method: 'POST' }),
  // 202: a webhook.test delivery, queued; its outcome shows in the log.
  testWebhook: (id: string) => request<Delivery>(`/webhooks/${encodeURIComponent(id)}/test`, { method: 'POST' }),
  // Newest first.
  webhookDeliveries: async (id: string, limit: number) =>
    (await request<{ deliveries: Delivery[] }>(`/webhooks/${encodeURIComponent(id)}/deliveries?limit=${limit}`)).deliveries,
};
