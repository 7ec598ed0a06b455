import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, jobArtifacts } from './api';
import { stubFetch } from './stubFetch';
import { CSRF_HEADER, currentCsrfToken, forgetSession, isUnsafeMethod, rememberSession, sessionHeaders, type SessionInfo } from './auth';
import { uploadVideo } from './upload';

const SESSION: SessionInfo = {
  user: { name: 'alice', admin: false }, key_id: '0123456789abcdef', csrf_token: 'csrf-1', expires_at: '2030-01-01T00:00:00Z',
};

const unauthorized = { error: { code: 'UNAUTHORIZED', message: 'the session has ended; sign in again' } };

beforeEach(() => forgetSession());
afterEach(() => {
  vi.unstubAllGlobals();
  forgetSession();
});

describe('sessionHeaders', () => {
  it('adds the CSRF token to unsafe methods only, and never an Authorization header', () => {
    rememberSession(SESSION);
    for (const method of ['POST', 'patch', 'PUT', 'DELETE']) {
      expect(isUnsafeMethod(method)).toBe(true);
      expect(sessionHeaders(method)).toEqual({ [CSRF_HEADER]: 'csrf-1' });
    }
    for (const method of [undefined, 'GET', 'head', 'OPTIONS']) {
      expect(isUnsafeMethod(method)).toBe(false);
      expect(sessionHeaders(method)).toEqual({});
    }
  });

  it('adds nothing before a session is known', () => {
    expect(currentCsrfToken()).toBeNull();
    expect(sessionHeaders('POST')).toEqual({});
  });
});

describe('signing in', () => {
  it('sends the key once, as Bearer, to POST /session and keeps only the CSRF token', async () => {
    const sent = stubFetch([201, SESSION]);
    expect(await api.startSession('dt_secret_key')).toEqual(SESSION);
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('/api/v1/session');
    expect(sent[0].method).toBe('POST');
    expect(sent[0].headers.Authorization).toBe('Bearer dt_secret_key');
    expect(currentCsrfToken()).toBe('csrf-1');
  });

  it('rejects a wrong key with a 401 ApiError and keeps no session', async () => {
    stubFetch([401, { error: { code: 'UNAUTHORIZED', message: 'the API key is not valid, revoked or expired' } }]);
    const err = await api.startSession('dt_wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(currentCsrfToken()).toBeNull();
  });

  it('keeps the key nowhere: later requests carry no Authorization header', async () => {
    const sent = stubFetch([201, SESSION], [200, { id: 'u1', name: 'alice' }], [200, { keys: [] }]);
    await api.startSession('dt_secret_key');
    await api.me();
    await api.keys();
    for (const request of sent.slice(1)) {
      expect(request.headers.Authorization).toBeUndefined();
      expect(JSON.stringify(request)).not.toContain('dt_secret_key');
      expect(request.credentials).toBe('same-origin');
    }
  });
});

describe('requests with the session cookie', () => {
  beforeEach(() => rememberSession(SESSION));

  it('add X-CSRF-Token to POST, PATCH and DELETE, and not to GET', async () => {
    const sent = stubFetch([200, { jobs: [], next_cursor: null }], [200, { job_id: 'j1' }],
                           [200, { id: 'w1' }], [204, null], [200, {}]);
    await api.listJobs(10);
    await api.cancel('j1');
    await api.updateWebhook('w1', { enabled: false });
    await api.deleteJob('j1');
    await api.job('j1');
    expect(sent.map((s) => [s.method, s.headers[CSRF_HEADER] ?? null, s.headers.Authorization ?? null])).toEqual([
      ['GET', null, null], ['POST', 'csrf-1', null], ['PATCH', 'csrf-1', null], ['DELETE', 'csrf-1', null], ['GET', null, null]]);
    expect(sent[2].headers['Content-Type']).toBe('application/json');
  });

  it('upload with XMLHttpRequest: the CSRF token, no Authorization header', async () => {
    const set: Record<string, string> = {};
    class FakeXhr {
      upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
      status = 202;
      responseText = JSON.stringify({ job_id: 'j9' });
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      method = '';
      url = '';
      open(method: string, url: string) { this.method = method; this.url = url; }
      setRequestHeader(name: string, value: string) { set[name] = value; }
      send() { setTimeout(() => this.onload?.(), 0); }
      abort() { this.onabort?.(); }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const file = new File(['bytes'], 'clip.mp4', { type: 'video/mp4' });
    const job = await uploadVideo({ file, onProgress: () => {} }).promise;
    expect(job.job_id).toBe('j9');
    expect(set).toEqual({ [CSRF_HEADER]: 'csrf-1' });
  });
});

describe('a new tab or a reload', () => {
  it('GET /session: 200 gives the session and its CSRF token', async () => {
    const sent = stubFetch([200, SESSION]);
    expect(await api.session()).toEqual(SESSION);
    expect(sent[0]).toMatchObject({ url: '/api/v1/session', method: 'GET' });
    expect(sent[0].headers.Authorization).toBeUndefined();
    expect(currentCsrfToken()).toBe('csrf-1');
  });

  it('GET /session: 401 means signed out (null), and forgets any old token', async () => {
    rememberSession({ ...SESSION, csrf_token: 'stale' });
    stubFetch([401, unauthorized]);
    expect(await api.session()).toBeNull();
    expect(currentCsrfToken()).toBeNull();
  });

  it('GET /session: other failures are errors, not a sign-out', async () => {
    stubFetch([503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'busy' } }]);
    await expect(api.session()).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });
});

describe('signing out', () => {
  it('DELETE /session with the CSRF token, then the token is forgotten', async () => {
    rememberSession(SESSION);
    const sent = stubFetch([204, null]);
    await api.endSession();
    expect(sent.map((s) => [s.url, s.method, s.headers[CSRF_HEADER], s.headers.Authorization])).toEqual([
      ['/api/v1/session', 'DELETE', 'csrf-1', undefined]]);
    expect(currentCsrfToken()).toBeNull();
    expect(sessionHeaders('POST')).toEqual({});
  });

  it('forgets the token even when the session had ended already (401)', async () => {
    rememberSession(SESSION);
    stubFetch([401, unauthorized]);
    await expect(api.endSession()).rejects.toMatchObject({ status: 401 });
    expect(currentCsrfToken()).toBeNull();
  });
});

describe('artifacts', () => {
  it('are fetched with the cookie alone', async () => {
    const sent = stubFetch([200, { frames: [] }]);
    await api.timeline(jobArtifacts('j1'), 'timeline.json');
    expect(sent[0].url).toBe('/api/v1/jobs/j1/artifacts/timeline.json');
    expect(sent[0].headers.Authorization).toBeUndefined();
    expect(sent[0].credentials).toBe('same-origin');
  });
});
