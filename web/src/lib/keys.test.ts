import { describe, expect, it } from 'vitest';
import {
  INITIAL_KEYS_STATE, isExpired, keyLabel, keysReducer, newKeyBody, validateKeyName, type ApiKeyInfo, type IssuedKey,
} from './keys';

const browserKey: ApiKeyInfo = { id: 'a1b2c3d4e5f60718', name: '', created_at: '2026-12-01T09:00:00Z', expires_at: null,
                                 last_used_at: '2026-12-02T10:00:00Z', current: true };
const issued: IssuedKey = { id: 'ffeeddccbbaa9988', name: 'CI pipeline', created_at: '2026-12-02T10:00:00Z', expires_at: null,
                            last_used_at: null, current: false, key: 'dt_secret_shown_once' };

describe('key names follow the server\'s rule: 1 to 64 printable ASCII characters', () => {
  it.each(['CI pipeline', 'x', 'x'.repeat(64), 'laptop (alice@example.org) #2', ' '])('accepts %j', (name) => {
    expect(validateKeyName(name)).toBeNull();
  });

  it('refuses an empty, long or non-ASCII name, saying why', () => {
    expect(validateKeyName('')).toMatch(/Give the key a name/);
    expect(validateKeyName('x'.repeat(65))).toBe('The name is 65 characters long; at most 64.');
    for (const name of ['tab\there', 'new\nline', 'café', 'key 🔑', '\x7f']) expect(validateKeyName(name)).toMatch(/plain ASCII only/);
  });

  it('shows a key made without a name as "(unnamed)"', () => {
    expect(keyLabel(browserKey)).toBe('(unnamed)');
    expect(keyLabel(issued)).toBe('CI pipeline');
  });
});

describe('a new key\'s request', () => {
  const now = Date.parse('2026-12-02T10:00:00.000Z');
  it('sends an RFC 3339 expiry that many days ahead, or none', () => {
    expect(newKeyBody('CI', 30, now)).toEqual({ name: 'CI', expires_at: '2027-01-01T10:00:00.000Z' });
    expect(newKeyBody('CI', 0, now)).toEqual({ name: 'CI' });
  });

  it('knows an expired key from a live one', () => {
    expect(isExpired({ expires_at: '2026-12-02T09:59:59Z' }, now)).toBe(true);
    expect(isExpired({ expires_at: '2026-12-02T10:00:01Z' }, now)).toBe(false);
    expect(isExpired({ expires_at: null }, now)).toBe(false);
  });
});

describe('the Settings page\'s keys', () => {
  const listed = keysReducer(INITIAL_KEYS_STATE, { type: 'listed', keys: [browserKey] });

  it('holds a new key\'s secret until it is dismissed, and lists the key without it', () => {
    const created = keysReducer(listed, { type: 'created', key: issued });
    expect(created.issued?.key).toBe('dt_secret_shown_once');
    expect(created.keys?.map((k) => k.name)).toEqual(['', 'CI pipeline']);
    expect(JSON.stringify(created.keys)).not.toContain('dt_secret_shown_once');
    // The list comes back from the server: the secret stays on screen until "Done".
    const refreshed = keysReducer(created, { type: 'listed', keys: [browserKey, { ...issued, key: undefined } as ApiKeyInfo] });
    expect(refreshed.issued?.key).toBe('dt_secret_shown_once');
    const done = keysReducer(refreshed, { type: 'dismiss-secret' });
    expect(JSON.stringify(done)).not.toContain('dt_secret_shown_once');
  });

  it('asks before revoking, and drops the key (and its secret, if still shown) once revoked', () => {
    const created = keysReducer(listed, { type: 'created', key: issued });
    const asking = keysReducer(created, { type: 'ask-revoke', key: created.keys![1] });
    expect(asking.revoking?.id).toBe(issued.id);
    expect(keysReducer(asking, { type: 'cancel-revoke' })).toEqual(created);
    const revoked = keysReducer(asking, { type: 'revoked', id: issued.id });
    expect(revoked).toEqual({ keys: [browserKey], issued: null, revoking: null });
  });
});
