// Thin typed client for /api/v1. Every failure becomes an ApiError carrying
// the server's stable error code, so pages can explain it.
import { forgetSession, rememberSession, sessionHeaders, type SessionInfo } from './auth';
import type { JobFilters } from './history';
import type { ApiKeyInfo, IssuedKey, NewKeyBody } from './keys';
import { upgradeLegacyReport } from './legacyReport';
import type { AdminUser, AdminUserDetail, CreatedUser, NewUserBody, QuotaPatch, UsageReport } from './quotas';
import { detectorCatalogue, NO_CATALOGUE, type DetectorCatalogue, type RerunBody } from './rerun';
import type { IssuedShare, NewShareBody, ShareLink, SharedReport } from './shares';
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

// Where a report's artifacts (face crops, timeline.json) are served: under
// its job, for its owner's session; or under a share link's token, for anyone
// holding it, since a visitor's browser has no session. `route` is the OpenAPI
// path that serves them, which an older server lacks.
export interface ArtifactSource {
  base: string; // an artifact's name (ArtifactRef.name) is appended to it
  route: string;
}

export const jobArtifacts = (id: string): ArtifactSource =>
  ({ base: `${API_BASE}/jobs/${encodeURIComponent(id)}/artifacts/`, route: '/jobs/{id}/artifacts/{name}' });

export const sharedArtifacts = (token: string): ArtifactSource =>
  ({ base: `${API_BASE}/shared/${encodeURIComponent(token)}/artifacts/`, route: '/shared/{token}/artifacts/{name}' });

// A report's artifacts: through the share link's token when it is a shared
// copy (the owner's job routes would answer a visitor 401), else the job's.
export const reportArtifacts = (jobId: string, sharedToken?: string): ArtifactSource =>
  (sharedToken ? sharedArtifacts(sharedToken) : jobArtifacts(jobId));

async function fetchArtifact(source: ArtifactSource, name: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(source.base + encodeURIComponent(name), { credentials: 'same-origin' });
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
  async artifactUrl(source: ArtifactSource, name: string): Promise<string> {
    return URL.createObjectURL(await (await fetchArtifact(source, name)).blob());
  },
  // timeline.json, the one JSON artifact, typed by the contract's Timeline.
  async timeline(source: ArtifactSource, name: string): Promise<Timeline> {
    return (await fetchArtifact(source, name)).json() as Promise<Timeline>;
  },
  // Whether the server serves artifacts from that source (a job's, by default).
  hasArtifacts: (source?: ArtifactSource) => hasRoute(source?.route ?? '/jobs/{id}/artifacts/{name}'),
  // The upload itself, for its owner's session only (a share link does not
  // serve it). A URL, not a blob: <video> streams it with byte ranges.
  mediaUrl: (id: string) => `${API_BASE}/jobs/${encodeURIComponent(id)}/media`,
  hasMedia: () => hasRoute('/jobs/{id}/media'),
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
  // Share links to a completed job's report (lib/shares.ts): servers without
  // them are asked nothing. The answer to a new link carries its token, the
  // only time the server sends it.
  hasShares: () => hasRoute('/jobs/{id}/shares'),
  shares: async (jobId: string) =>
    (await request<{ shares: ShareLink[] }>(`/jobs/${encodeURIComponent(jobId)}/shares`)).shares,
  createShare: (jobId: string, body: NewShareBody) => request<IssuedShare>(`/jobs/${encodeURIComponent(jobId)}/shares`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  // 204; the link opens nothing from now on (SHARE_NOT_FOUND).
  async revokeShare(jobId: string, shareId: string): Promise<void> {
    await requestText(`/jobs/${encodeURIComponent(jobId)}/shares/${encodeURIComponent(shareId)}`, { method: 'DELETE' });
  },
  // What a link opens, with no session: the token is the credential.
  async sharedReport(token: string): Promise<SharedReport> {
    const body = await request<Omit<SharedReport, 'jobJson'>>(`/shared/${encodeURIComponent(token)}`);
    return { ...body, job: jobFrom(body.job), jobJson: JSON.stringify(body.job) };
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
  // The answer carries the new secret, this once. The old one keeps signing
  // beside it for a day, unless stopOldNow (it leaked).
  rotateWebhookSecret: (id: string, stopOldNow = false) =>
    request<IssuedWebhook>(`/webhooks/${encodeURIComponent(id)}/rotate-secret`, stopOldNow
      ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ keep_previous_secret_s: 0 }) }
      : { method: 'POST' }),
  // 202: a webhook.test delivery, queued; its outcome shows in the log.
  testWebhook: (id: string) => request<Delivery>(`/webhooks/${encodeURIComponent(id)}/test`, { method: 'POST' }),
  // Newest first.
  webhookDeliveries: async (id: string, limit: number) =>
    (await request<{ deliveries: Delivery[] }>(`/webhooks/${encodeURIComponent(id)}/deliveries?limit=${limit}`)).deliveries,
  // Quotas (lib/quotas.ts): servers without them are asked nothing.
  hasUsage: () => hasRoute('/usage'),
  // The caller's quotas in force and what they have used of them.
  usage: () => request<UsageReport>('/usage'),
  // Users, for admin keys only (others get 403 FORBIDDEN).
  hasAdminUsers: () => hasRoute('/admin/users'),
  adminUsers: async () => (await request<{ users: AdminUser[] }>('/admin/users')).users,
  // 201 with the new user's first key: the only time the server sends it.
  createUser: (body: NewUserBody) => request<CreatedUser>('/admin/users', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }),
  // One user with their usage; USER_NOT_FOUND for an unknown name.
  adminUser: (name: string) => request<AdminUserDetail>(`/admin/users/${encodeURIComponent(name)}`),
  // Their own quotas: a field left out stays, null returns it to the default.
  updateUserQuotas: (name: string, patch: QuotaPatch) => request<AdminUser>(`/admin/users/${encodeURIComponent(name)}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch),
  }),
  // Every key of theirs, and with them their browser sessions.
  revokeUserKeys: async (name: string) =>
    (await request<{ revoked_keys: number }>(`/admin/users/${encodeURIComponent(name)}/revoke-keys`, { method: 'POST' })).revoked_keys,
  // 201 with a new key of theirs (after a revoke, or a lost key): the only
  // time the server sends its secret. Without a body it is named "issued by <admin>".
  issueUserKey: (name: string, body?: { name?: string; expires_at?: string }) =>
    request<IssuedKey>(`/admin/users/${encodeURIComponent(name)}/keys`, body
      ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
      : { method: 'POST' }),
};
