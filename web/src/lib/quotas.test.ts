// Per-user quotas (issue 17): the requests for the caller's usage and the
// admins' user routes (session cookie, CSRF token on changes), the words and
// tones of a quota's usage, the quota form's checks and the PATCH it makes,
// and the Users section's state, where a new user's key is kept once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from './stubFetch';
import { api } from './api';
import { CSRF_HEADER, forgetSession, rememberSession } from './auth';
import {
  checkQuotaDraft, GB, INITIAL_USERS_STATE, newUserBody, QUOTA_KINDS, quotaDraft, quotaLabel, quotaPercent, quotaSource,
  quotaTone, revokedText, usageLabel, usersReducer, validateUserName, type AdminUser, type CreatedUser, type UsageReport,
} from './quotas';

const carol: AdminUser = {
  id: 'u2', name: 'carol', admin: false, created_at: '2026-12-01T09:00:00Z',
  quotas: { uploads_per_minute: 10, concurrent_jobs: 100, bytes_per_day: 100 * GB },
  quota_overrides: { uploads_per_minute: 10, concurrent_jobs: null, bytes_per_day: null },
};
const alice: AdminUser = { ...carol, id: 'u1', name: 'alice', admin: true,
                           quotas: { uploads_per_minute: 60, concurrent_jobs: 100, bytes_per_day: 100 * GB },
                           quota_overrides: { uploads_per_minute: null, concurrent_jobs: null, bytes_per_day: null } };
const created: CreatedUser = { ...carol, id: 'u3', name: 'bob', key: 'dt_0123456789abcdef' };
const report: UsageReport = { quotas: { uploads_per_minute: 60, concurrent_jobs: 0, bytes_per_day: 100 * GB },
                              usage: { uploads_last_minute: 3, active_jobs: 2, bytes_last_24h: 1.2 * GB } };


const refusal = (status: number, code: string, message: string): [number, unknown] => [status, { error: { code, message } }];

beforeEach(() => rememberSession({ user: { name: 'alice', admin: true }, key_id: 'k', csrf_token: 'csrf-1',
                                   expires_at: '2030-01-01T00:00:00Z' }));
afterEach(() => {
  vi.unstubAllGlobals();
  forgetSession();
});

describe('the requests', () => {
  it('read the caller\'s usage with GET /usage and the cookie alone', async () => {
    const sent = stubFetch([200, report]);
    expect(await api.usage()).toEqual(report);
    expect(sent).toEqual([{ url: '/api/v1/usage', method: 'GET', headers: {}, body: undefined, credentials: 'same-origin' }]);
  });

  it('list users with GET /admin/users, and read one (with usage) by its escaped name', async () => {
    const sent = stubFetch([200, { users: [alice, carol] }], [200, { ...carol, usage: report.usage }]);
    expect(await api.adminUsers()).toEqual([alice, carol]);
    expect((await api.adminUser('c@r ol')).usage).toEqual(report.usage);
    expect(sent.map((s) => [s.method, s.url, s.headers[CSRF_HEADER]])).toEqual([
      ['GET', '/api/v1/admin/users', undefined], ['GET', '/api/v1/admin/users/c%40r%20ol', undefined]]);
  });

  it('add a user with POST /admin/users, the body as JSON and the CSRF token', async () => {
    const sent = stubFetch([201, created]);
    expect(await api.createUser({ name: 'bob', admin: true })).toEqual(created);
    expect(sent).toEqual([{ url: '/api/v1/admin/users', method: 'POST', credentials: 'same-origin',
                            headers: { [CSRF_HEADER]: 'csrf-1', 'Content-Type': 'application/json' },
                            body: '{"name":"bob","admin":true}' }]);
  });

  it('set quotas with PATCH /admin/users/{name}, null for a default, and the CSRF token', async () => {
    const sent = stubFetch([200, carol]);
    expect(await api.updateUserQuotas('carol', { quota_overrides: { uploads_per_minute: 10, bytes_per_day: null } })).toEqual(carol);
    expect(sent).toEqual([{ url: '/api/v1/admin/users/carol', method: 'PATCH', credentials: 'same-origin',
                            headers: { [CSRF_HEADER]: 'csrf-1', 'Content-Type': 'application/json' },
                            body: '{"quota_overrides":{"uploads_per_minute":10,"bytes_per_day":null}}' }]);
  });

  it('revoke a user\'s keys with POST /admin/users/{name}/revoke-keys and answer how many', async () => {
    const sent = stubFetch([200, { revoked_keys: 3 }]);
    expect(await api.revokeUserKeys('carol')).toBe(3);
    expect(sent.map((s) => [s.method, s.url, s.headers[CSRF_HEADER], s.body])).toEqual([
      ['POST', '/api/v1/admin/users/carol/revoke-keys', 'csrf-1', undefined]]);
  });

  it('issue a user a new key with POST /admin/users/{name}/keys: no body by default, or a name and expiry as JSON', async () => {
    const issued = { id: 'k9', name: 'issued by alice', created_at: '2026-12-02T09:00:00Z', expires_at: null,
                     last_used_at: null, current: false, key: 'dt_fedcba9876543210' };
    const sent = stubFetch([201, issued], [201, { ...issued, name: 'laptop' }]);
    expect(await api.issueUserKey('c@rol')).toEqual(issued);
    expect((await api.issueUserKey('carol', { name: 'laptop', expires_at: '2027-01-01' })).name).toBe('laptop');
    expect(sent).toEqual([
      { url: '/api/v1/admin/users/c%40rol/keys', method: 'POST', credentials: 'same-origin',
        headers: { [CSRF_HEADER]: 'csrf-1' }, body: undefined },
      { url: '/api/v1/admin/users/carol/keys', method: 'POST', credentials: 'same-origin',
        headers: { [CSRF_HEADER]: 'csrf-1', 'Content-Type': 'application/json' },
        body: '{"name":"laptop","expires_at":"2027-01-01"}' }]);
  });

  it('turn refusals into errors with their codes', async () => {
    stubFetch(refusal(403, 'FORBIDDEN', 'an admin key is required'), refusal(404, 'USER_NOT_FOUND', "no user named 'x'"),
              refusal(409, 'USER_EXISTS', "user 'bob' already exists"), refusal(404, 'USER_NOT_FOUND', "no user named 'x'"));
    await expect(api.adminUsers()).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await expect(api.adminUser('x')).rejects.toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    await expect(api.createUser({ name: 'bob' })).rejects.toMatchObject({ status: 409, code: 'USER_EXISTS' });
    await expect(api.issueUserKey('x')).rejects.toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
  });
});

describe('a quota\'s usage in words', () => {
  it('says how much of each limit is used', () => {
    expect(usageLabel('uploads_per_minute', 3, 60)).toBe('3 of 60 uploads in the last minute');
    expect(usageLabel('concurrent_jobs', 2, 100)).toBe('2 of 100 jobs queued or running');
    expect(usageLabel('bytes_per_day', 1.2 * GB, 100 * GB)).toBe('1.20 GB of 100 GB in the last 24 hours');
  });

  it('says "no limit" for a quota of 0, counting one thing in the singular', () => {
    expect(usageLabel('uploads_per_minute', 1, 0)).toBe('1 upload in the last minute (no limit)');
    expect(usageLabel('uploads_per_minute', 0, 0)).toBe('0 uploads in the last minute (no limit)');
    expect(usageLabel('concurrent_jobs', 1, 0)).toBe('1 job queued or running (no limit)');
    expect(usageLabel('bytes_per_day', 512, 0)).toBe('512 B in the last 24 hours (no limit)');
  });

  it('puts a quota alone in words for the admins\' table', () => {
    expect(quotaLabel('uploads_per_minute', 60)).toBe('60 a minute');
    expect(quotaLabel('concurrent_jobs', 5)).toBe('5 at once');
    expect(quotaLabel('bytes_per_day', 100 * GB)).toBe('100 GB a day');
    expect(quotaLabel('bytes_per_day', 0)).toBe('no limit');
  });

  it('lists the three quotas in the order of the docs, each with the usage it limits', () => {
    expect(QUOTA_KINDS.map((k) => [k.name, k.usage])).toEqual([
      ['uploads_per_minute', 'uploads_last_minute'], ['concurrent_jobs', 'active_jobs'], ['bytes_per_day', 'bytes_last_24h']]);
  });
});

describe('a quota\'s meter', () => {
  it('is a whole percentage, full at most, and absent without a limit', () => {
    expect(quotaPercent(3, 60)).toBe(5);
    expect(quotaPercent(1.2 * GB, 100 * GB)).toBe(1);
    expect(quotaPercent(70, 60)).toBe(100); // a limit lowered below the usage
    expect(quotaPercent(5, 0)).toBeNull();
  });

  it('is near the limit from 80 %, and full at it', () => {
    expect(quotaTone(47, 60)).toBe('ok');
    expect(quotaTone(48, 60)).toBe('near');
    expect(quotaTone(59, 60)).toBe('near');
    expect(quotaTone(60, 60)).toBe('full');
    expect(quotaTone(61, 60)).toBe('full');
    expect(quotaTone(1000, 0)).toBe('none');
  });
});

describe('where a user\'s quota comes from', () => {
  it('is their own where set (0, no limit, included), else the default', () => {
    expect(quotaSource(carol, 'uploads_per_minute')).toBe('own');
    expect(quotaSource(carol, 'bytes_per_day')).toBe('default');
    expect(quotaSource({ quota_overrides: { ...carol.quota_overrides, concurrent_jobs: 0 } }, 'concurrent_jobs')).toBe('own');
  });
});

describe('a new user', () => {
  it('is named as the server allows', () => {
    expect(validateUserName('carol.smith@example-1_x')).toBeNull();
    expect(validateUserName('')).toMatch(/Give the user a name/);
    expect(validateUserName('carol smith')).toMatch(/letters, digits/);
    expect(validateUserName('célia')).toMatch(/letters, digits/);
    expect(validateUserName('x'.repeat(65))).toBe('The name is 65 characters long; at most 64.');
    expect(validateUserName('x'.repeat(64))).toBeNull();
  });

  it('is an admin only when asked', () => {
    expect(newUserBody('bob', false)).toEqual({ name: 'bob' });
    expect(newUserBody('bob', true)).toEqual({ name: 'bob', admin: true });
  });
});

describe('the quota form', () => {
  const own = { uploads_per_minute: 10, concurrent_jobs: null, bytes_per_day: 3 * GB / 2 };

  it('starts from the user\'s own quotas, empty for a default, the volume in GB', () => {
    expect(quotaDraft(own)).toEqual({ uploads_per_minute: '10', concurrent_jobs: '', bytes_per_day: '1.5' });
    // Any byte count comes back exactly.
    const odd = { ...own, bytes_per_day: 1_000_000 };
    expect(checkQuotaDraft(odd, quotaDraft(odd))).toEqual({ problems: {}, patch: { quota_overrides: {} }, changed: false });
  });

  it('sends only what changed: a number, or null for an emptied field', () => {
    expect(checkQuotaDraft(own, { uploads_per_minute: '', concurrent_jobs: ' 5 ', bytes_per_day: '2' })).toEqual({
      problems: {}, changed: true,
      patch: { quota_overrides: { uploads_per_minute: null, concurrent_jobs: 5, bytes_per_day: 2 * GB } },
    });
    expect(checkQuotaDraft(own, { uploads_per_minute: '0', concurrent_jobs: '', bytes_per_day: '1.5' }).patch)
      .toEqual({ quota_overrides: { uploads_per_minute: 0 } });
  });

  it('refuses what is not a count or a size, and sends nothing then', () => {
    const check = checkQuotaDraft(own, { uploads_per_minute: '-1', concurrent_jobs: '2.5', bytes_per_day: 'lots' });
    expect(check.patch).toBeNull();
    expect(check.problems).toEqual({
      uploads_per_minute: 'A whole number, 0 or more; 0 is no limit.',
      concurrent_jobs: 'A whole number, 0 or more; 0 is no limit.',
      bytes_per_day: 'A size in GB, such as 100 or 0.5; 0 is no limit.',
    });
    expect(checkQuotaDraft(own, { ...quotaDraft(own), bytes_per_day: '0.0000000001' }).problems.bytes_per_day)
      .toBe('That is less than a byte; 0 is no limit.');
    expect(checkQuotaDraft(own, { ...quotaDraft(own), uploads_per_minute: '99999999999999999999' }).problems.uploads_per_minute)
      .toBe('That is more than DeepTrace can count.');
  });
});

describe('the Users section\'s state', () => {
  const listed = usersReducer(INITIAL_USERS_STATE, { type: 'listed', users: [alice, carol] });

  it('holds a new user\'s key until it is dismissed, and lists the user by name without it', () => {
    const added = usersReducer(listed, { type: 'created', user: created });
    expect(added.issued?.key).toBe(created.key);
    expect(added.users?.map((u) => u.name)).toEqual(['alice', 'bob', 'carol']);
    expect(JSON.stringify(added.users)).not.toContain(created.key);
    expect(JSON.stringify(usersReducer(added, { type: 'dismiss-key' }))).not.toContain(created.key);
  });

  it('opens one user\'s quota form, and closes it with the saved user in the list', () => {
    const editing = usersReducer(listed, { type: 'edit', name: 'carol' });
    expect(editing.editing).toBe('carol');
    const saved = { ...carol, quotas: { ...carol.quotas, concurrent_jobs: 5 },
                    quota_overrides: { ...carol.quota_overrides, concurrent_jobs: 5 } };
    const after = usersReducer(editing, { type: 'updated', user: saved });
    expect(after.editing).toBeNull();
    expect(after.users).toEqual([alice, saved]);
    expect(after.notice).toBe('Saved the quotas of carol.');
    expect(usersReducer(editing, { type: 'cancel-edit' }).editing).toBeNull();
  });

  it('asks before revoking keys, then says how many were revoked', () => {
    const asking = usersReducer(listed, { type: 'ask-revoke', user: carol });
    expect(asking.revoking).toBe(carol);
    expect(usersReducer(asking, { type: 'cancel-revoke' })).toEqual(listed);
    const done = usersReducer(asking, { type: 'revoked', name: 'carol', count: 3 });
    expect(done.revoking).toBeNull();
    expect(done.notice).toBe('Revoked 3 keys of carol: they cannot sign in until a new key is added for them.');
    expect(usersReducer(done, { type: 'dismiss-notice' }).notice).toBeNull();
  });

  it('drops a shown key when that user\'s keys are revoked', () => {
    const added = usersReducer(listed, { type: 'created', user: created });
    expect(usersReducer(added, { type: 'revoked', name: 'bob', count: 1 }).issued).toBeNull();
    expect(usersReducer(added, { type: 'revoked', name: 'carol', count: 1 }).issued).toBe(created);
  });

  it('counts revoked keys in words', () => {
    expect(revokedText('carol', 0)).toBe('carol had no keys to revoke.');
    expect(revokedText('carol', 1)).toMatch(/^Revoked 1 key of carol:/);
  });
});
