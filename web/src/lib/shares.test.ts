// Share links (issue 17): the owner's requests (session cookie, CSRF token on
// changes), what a link opens without a session, the expiry presets and the
// job page's state, where a new link's token is kept once and never listed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from './stubFetch';
import { api, jobArtifacts, reportArtifacts, sharedArtifacts } from './api';
import { CSRF_HEADER, forgetSession, rememberSession } from './auth';
import {
  absoluteShareUrl, DEFAULT_SHARE_DAYS, INITIAL_SHARES_STATE, isShareExpired, newShareBody, SHARE_EXPIRY_CHOICES,
  sharesReducer, type IssuedShare, type ShareLink,
} from './shares';

const TOKEN = `dtshr_${'ab'.repeat(32)}`;
const link: ShareLink = { id: '0123456789abcdef', job_id: 'j1', created_at: '2026-12-02T10:00:00Z',
                          expires_at: '2026-12-09T10:00:00Z', expired: false };
const issued: IssuedShare = { ...link, id: 'fedcba9876543210', expires_at: null, token: TOKEN, url: `/shared/${TOKEN}`,
                              api_url: `/api/v1/shared/${TOKEN}` };


beforeEach(() => forgetSession());
afterEach(() => {
  vi.unstubAllGlobals();
  forgetSession();
});

describe('the owner\'s requests', () => {
  beforeEach(() => rememberSession({ user: { name: 'alice', admin: false }, key_id: 'k', csrf_token: 'csrf-1',
                                     expires_at: '2030-01-01T00:00:00Z' }));

  it('create a link with POST /jobs/{id}/shares, its expiry in the body and the CSRF token', async () => {
    const sent = stubFetch([201, issued]);
    expect(await api.createShare('j 1', { expires_at: '2026-12-09T10:00:00.000Z' })).toEqual(issued);
    expect(sent).toEqual([{ url: '/api/v1/jobs/j%201/shares', method: 'POST', credentials: 'same-origin',
                            headers: { [CSRF_HEADER]: 'csrf-1', 'Content-Type': 'application/json' },
                            body: '{"expires_at":"2026-12-09T10:00:00.000Z"}' }]);
  });

  it('list the job\'s links, and revoke one with DELETE and the CSRF token', async () => {
    const sent = stubFetch([200, { shares: [link] }], [204, null]);
    expect(await api.shares('j1')).toEqual([link]);
    await api.revokeShare('j1', link.id);
    expect(sent.map((s) => [s.method, s.url, s.headers[CSRF_HEADER]])).toEqual([
      ['GET', '/api/v1/jobs/j1/shares', undefined],
      ['DELETE', `/api/v1/jobs/j1/shares/${link.id}`, 'csrf-1']]);
  });
});

describe('what a link opens', () => {
  const job = { job_id: 'j1', status: 'COMPLETED', created_at: '2026-12-02T09:00:00Z', media: { filename: 'clip.mp4' },
                result: { report_version: 2, verdict: 'likely_real' } };
  const answer = { shared: true, share: { id: link.id, created_at: link.created_at, expires_at: null }, job,
                   report_digest: `0x${'12'.repeat(32)}`, anchor: null, links: {} };

  it('is asked for with the token alone: no key, no CSRF token, even in a signed-in browser', async () => {
    rememberSession({ user: { name: 'alice', admin: false }, key_id: 'k', csrf_token: 'csrf-1', expires_at: '2030-01-01T00:00:00Z' });
    const sent = stubFetch([200, answer]);
    const copy = await api.sharedReport(TOKEN);
    expect(sent.map((s) => [s.method, s.url, s.headers])).toEqual([['GET', `/api/v1/shared/${TOKEN}`, {}]]);
    expect(copy.report_digest).toBe(answer.report_digest);
    expect(copy.share.expires_at).toBeNull();
    // The job as sent, for the download `deeptrace verify` reads.
    expect(JSON.parse(copy.jobJson)).toEqual(job);
  });

  it('answers a revoked or expired link with SHARE_NOT_FOUND', async () => {
    stubFetch([404, { error: { code: 'SHARE_NOT_FOUND', message: 'no such share link' } }]);
    await expect(api.sharedReport(TOKEN)).rejects.toMatchObject({ status: 404, code: 'SHARE_NOT_FOUND' });
  });

  it('serves its artifacts through the token, never the owner\'s job routes', async () => {
    expect(reportArtifacts('j1', TOKEN)).toEqual(sharedArtifacts(TOKEN));
    expect(reportArtifacts('j1')).toEqual(jobArtifacts('j1'));
    const sent = stubFetch([200, { frames: [] }]);
    await api.timeline(reportArtifacts('j1', TOKEN), 'timeline.json');
    expect(sent.map((s) => s.url)).toEqual([`/api/v1/shared/${TOKEN}/artifacts/timeline.json`]);
    expect(sharedArtifacts(TOKEN).route).toBe('/shared/{token}/artifacts/{name}');
  });
});

describe('a new link\'s expiry', () => {
  const now = Date.parse('2026-12-02T10:00:00.000Z');

  it('offers a day, a week (the default), a month or never', () => {
    expect(SHARE_EXPIRY_CHOICES.map((c) => c.label)).toEqual(['In 1 day', 'In 7 days', 'In 30 days', 'Never']);
    expect(DEFAULT_SHARE_DAYS).toBe(7);
  });

  it('sends an RFC 3339 time that many days ahead, or nothing for never', () => {
    expect(newShareBody(7, now)).toEqual({ expires_at: '2026-12-09T10:00:00.000Z' });
    expect(newShareBody(1, now)).toEqual({ expires_at: '2026-12-03T10:00:00.000Z' });
    expect(newShareBody(0, now)).toEqual({});
  });

  it('knows an expired link from a live one', () => {
    expect(isShareExpired({ expires_at: '2026-12-02T09:59:59Z' }, now)).toBe(true);
    expect(isShareExpired({ expires_at: '2026-12-02T10:00:01Z' }, now)).toBe(false);
    expect(isShareExpired({ expires_at: null }, now)).toBe(false);
  });

  it('makes the server\'s page path a whole address to copy', () => {
    expect(absoluteShareUrl(issued, 'https://deeptrace.example.org')).toBe(`https://deeptrace.example.org/shared/${TOKEN}`);
  });
});

describe('the job page\'s links', () => {
  const listed = sharesReducer(INITIAL_SHARES_STATE, { type: 'listed', links: [link] });

  it('holds a new link\'s token until it is dismissed, and lists the link without it', () => {
    const created = sharesReducer(listed, { type: 'created', link: issued });
    expect(created.issued?.token).toBe(TOKEN);
    expect(created.links?.map((l) => l.id)).toEqual([link.id, issued.id]);
    expect(JSON.stringify(created.links)).not.toContain(TOKEN);
    const done = sharesReducer(created, { type: 'dismiss-link' });
    expect(JSON.stringify(done)).not.toContain(TOKEN);
  });

  it('asks before revoking, and drops the link (and its address, if still shown) once revoked', () => {
    const created = sharesReducer(listed, { type: 'created', link: issued });
    const asking = sharesReducer(created, { type: 'ask-revoke', link: created.links![1] });
    expect(asking.revoking?.id).toBe(issued.id);
    expect(sharesReducer(asking, { type: 'cancel-revoke' })).toEqual(created);
    expect(sharesReducer(asking, { type: 'revoked', id: issued.id })).toEqual({ links: [link], issued: null, revoking: null });
  });
});
