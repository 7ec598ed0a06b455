// Settings' "Users", for admins (issue 17): hidden from everyone else, the
// list with each quota's source, the new-user form's checks and refusals, the
// key shown once, the quota form, the confirmation before a revoke, and a new
// key issued to an existing user, shown once too.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import type { IssuedKey } from '../lib/keys';
import { GB, quotaDraft, type AdminUser, type AdminUserDetail, type CreatedUser, type QuotaDraft } from '../lib/quotas';
import type { User } from '../lib/types';
import { part, textOf } from '../test/markup';
import {
  AdminUsers, EMPTY_USER_DRAFT, IssuedUserKeyNotice, NewUserForm, NewUserKeyNotice, QuotaForm, RevokeKeysDialog, UsersList,
  type NewUserDraft,
} from './AdminUsers';
import { AuthProvider } from './AuthContext';

const alice: AdminUser = {
  id: 'u1', name: 'alice', admin: true, created_at: '2026-11-01T09:00:00Z',
  quotas: { uploads_per_minute: 60, concurrent_jobs: 100, bytes_per_day: 100 * GB },
  quota_overrides: { uploads_per_minute: null, concurrent_jobs: null, bytes_per_day: null },
};
const carol: AdminUser = {
  id: 'u2', name: 'carol', admin: false, created_at: '2026-12-01T09:00:00Z',
  quotas: { uploads_per_minute: 10, concurrent_jobs: 0, bytes_per_day: 100 * GB },
  quota_overrides: { uploads_per_minute: 10, concurrent_jobs: 0, bytes_per_day: null },
};
const issued: CreatedUser = { ...carol, id: 'u3', name: 'bob', key: 'dt_0123456789abcdef' };
const newKey: IssuedKey = {
  id: 'k9', name: 'issued by alice', created_at: '2026-12-02T09:00:00Z', expires_at: null, last_used_at: null, current: false,
  key: 'dt_fedcba9876543210',
};
const detail: AdminUserDetail = { ...carol, usage: { uploads_last_minute: 9, active_jobs: 4, bytes_last_24h: 2 * GB } };

function rows(html: string): string[] {
  return html.split('data-testid="user-row"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</tr>')[0]));
}

function buttons(html: string): string[] {
  return [...html.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1]));
}

function list(editing: string | null = null, issuing: string | null = null) {
  return renderToStaticMarkup(<UsersList users={[alice, carol]} editing={editing} issuing={issuing} editorId="editor-1"
                                         onEdit={() => {}} onIssue={() => {}} onRevoke={() => {}} />);
}

function form(draft: NewUserDraft, tried = false, error: unknown = null) {
  return renderToStaticMarkup(<NewUserForm draft={draft} tried={tried} busy={false} error={error} onChange={() => {}} onSubmit={() => {}} />);
}

function quotaForm(draft: QuotaDraft, { shown = detail as AdminUserDetail | null, detailError = null as unknown, error = null as unknown } = {}) {
  return renderToStaticMarkup(
    <QuotaForm user={carol} detail={shown} detailError={detailError} draft={draft} busy={false} error={error} id="editor-1"
               onChange={() => {}} onSubmit={() => {}} onCancel={() => {}} />,
  );
}

function section(user: User | null) {
  return renderToStaticMarkup(<AuthProvider askServer={false}><AdminUsers user={user} /></AuthProvider>);
}

describe('who sees the section', () => {
  it('is nobody but an admin: no markup at all for others, or before /me has answered', () => {
    expect(section({ id: 'u2', name: 'carol', admin: false })).toBe('');
    expect(section({ id: 'u2', name: 'carol' })).toBe('');
    expect(section(null)).toBe('');
  });

  it('is an admin, with the list (loading) and the new-user form', () => {
    const html = section({ id: 'u1', name: 'alice', admin: true });
    expect(html).toMatch(/^<section aria-labelledby="users-title" class="card space-y-4" aria-busy="true" data-testid="users-section">/);
    expect(html).toContain('<h2 id="users-title" class="h2">Users</h2>');
    expect(html).toContain('<h2 id="new-user-title" class="h2">New user</h2>');
    expect(textOf(html)).toContain('Loading…');
    expect(html).toContain('data-testid="new-user-form"');
  });
});

describe('the list of users', () => {
  it('shows each user\'s name, admin badge, quotas in force with their source, and actions', () => {
    const html = list();
    const [first, second] = rows(html);
    expect(first).toMatch(/^alice admin 60 a minute \(default\) 100 at once \(default\) 100 GB a day \(default\) .*2026.* Edit quotas Issue new key Revoke keys$/);
    expect(second).toMatch(/^carol 10 a minute \(own\) no limit \(own\) 100 GB a day \(default\) .*2026.* Edit quotas Issue new key Revoke keys$/);
    expect(textOf(html.split('<tbody>')[0])).toContain('Name Uploads per minute Jobs at once Upload volume per day Created Actions');
  });

  it('labels every value on a phone\'s card', () => {
    expect(part(list(), 'user-cards')).toMatch(
      /^alice admin Uploads per minute 60 a minute \(default\) Jobs at once 100 at once \(default\) Upload volume per day 100 GB a day \(default\) Created/);
  });

  it('names the user on each action, asks before a revoke, and says which form is open', () => {
    const html = list('carol');
    for (const label of ['Edit quotas of alice', 'Issue new key for alice', 'Revoke keys of alice',
                         'Edit quotas of carol', 'Issue new key for carol', 'Revoke keys of carol']) {
      expect(html.match(new RegExp(`aria-label="${label}"`, 'g'))).toHaveLength(2); // table and card
    }
    expect(html.match(/<button type="button" class="btn-danger py-1" aria-haspopup="dialog" aria-label="Revoke keys of carol">/g)).toHaveLength(2);
    expect(html.match(/aria-label="Edit quotas of carol" aria-expanded="true" aria-controls="editor-1"/g)).toHaveLength(2);
    expect(html.match(/aria-label="Edit quotas of alice" aria-expanded="false">/g)).toHaveLength(2);
  });

  it('issues a new key without asking first, and only one at a time per user', () => {
    const idle = list();
    expect(idle.match(/<button type="button" class="btn-secondary py-1" aria-label="Issue new key for carol">Issue new key<\/button>/g))
      .toHaveLength(2);
    expect(idle).not.toMatch(/aria-haspopup="dialog" aria-label="Issue new key/);
    const busy = list(null, 'carol');
    expect(busy.match(/aria-label="Issue new key for carol" disabled="">Issuing…<\/button>/g)).toHaveLength(2);
    expect(busy.match(/aria-label="Issue new key for alice">Issue new key<\/button>/g)).toHaveLength(2);
  });

  it('says so when there are none', () => {
    expect(textOf(renderToStaticMarkup(<UsersList users={[]} editing={null} editorId="e" onEdit={() => {}} onIssue={() => {}}
                                                  onRevoke={() => {}} />)))
      .toBe('No users.');
  });
});

describe('the new-user form', () => {
  it('starts with the rule as a hint, an Administrator box unticked, and Add user', () => {
    const html = form(EMPTY_USER_DRAFT);
    expect(part(html, 'user-name-help')).toBe('1 to 64 letters, digits, "-", "_", "." or "@", such as "carol".');
    expect(html).toContain('aria-invalid="false"');
    expect(html).toMatch(/<input type="checkbox" class="[^"]*" aria-describedby="[^"]+"\/>/);
    expect(textOf(html)).toMatch(/^User name .* Administrator An administrator sees every job and manages users, as you do here\. Add user$/);
    expect(html).not.toMatch(/<button type="submit"[^>]*disabled/);
    expect(form({ name: 'bob', admin: true })).toMatch(/<input type="checkbox" [^>]*checked=""\/>/);
  });

  it('explains a bad name as it is typed, and an empty one once Add was tried; neither can be sent', () => {
    for (const [name, tried, message] of [['carol smith', false, /letters, digits/], ['', true, /Give the user a name/]] as const) {
      const html = form({ name, admin: false }, tried);
      expect(part(html, 'user-name-help')).toMatch(message);
      expect(html).toContain('aria-invalid="true"');
      expect(html).toMatch(/<button type="submit"[^>]*disabled/);
    }
  });

  it('shows a name that is taken, or any refusal, with its code and the server\'s words', () => {
    const taken = new ApiError(409, 'USER_EXISTS', "user 'bob' already exists");
    expect(part(form({ name: 'bob', admin: false }, true, taken), 'error-notice'))
      .toBe("Could not add the user USER_EXISTS A user with this name exists already; choose another name. Server said: user 'bob' already exists");
    const invalid = new ApiError(400, 'INVALID_REQUEST', "user 'bob' already exists");
    expect(part(form({ name: 'bob', admin: false }, true, invalid), 'error-notice'))
      .toBe("Could not add the user INVALID_REQUEST The request was not valid. Server said: user 'bob' already exists");
    const forbidden = new ApiError(403, 'FORBIDDEN', 'an admin key is required');
    expect(part(form({ name: 'bob', admin: false }, true, forbidden), 'error-notice'))
      .toMatch(/^Could not add the user FORBIDDEN You are not allowed to do that \(an admin key is needed/);
  });
});

describe('a new user\'s key', () => {
  it('is shown read-only with a Copy button and a plain warning that it will not be shown again', () => {
    const html = renderToStaticMarkup(<IssuedUserKeyNotice issued={issued} onDone={() => {}} />);
    expect(html).toMatch(/<input id="[^"]+" readonly="" aria-describedby="[^"]+"[^>]* value="dt_0123456789abcdef"\/>/);
    expect(html.split('dt_0123456789abcdef')).toHaveLength(2); // in that field alone
    const text = textOf(html);
    expect(text).toMatch(/^User “bob” added Copy their API key now: this is the only time DeepTrace shows it\./);
    expect(text).toMatch(/API key of bob Copy .*Done, I have copied it$/);
    expect(html).toContain('role="status"'); // where "Copied" is announced
  });
});

describe('a new key issued to a user', () => {
  it('is shown once, read-only with a Copy button, for the user it names, with the same warning as a first key', () => {
    const html = renderToStaticMarkup(<NewUserKeyNotice user="carol" issued={newKey} onDone={() => {}} />);
    expect(html).toMatch(/^<section aria-labelledby="[^"]+" data-testid="new-user-key"/);
    expect(html).toMatch(/<input id="[^"]+" readonly="" aria-describedby="[^"]+"[^>]* data-testid="new-user-key-secret" value="dt_fedcba9876543210"\/>/);
    expect(html.split('dt_fedcba9876543210')).toHaveLength(2); // in that field alone
    const warningId = /<p id="([^"]+)" class="font-medium" data-testid="new-user-key-warning"/.exec(html)![1];
    expect(html).toContain(`aria-describedby="${warningId}"`);
    expect(part(html, 'new-user-key-warning')).toBe('Copy their API key now: this is the only time DeepTrace shows it. '
      + 'Give it to carol safely, like a password; they sign in with it and can make their own keys in Settings.');
    const text = textOf(html);
    expect(text).toMatch(/^New API key for carol Named “issued by alice” in their list of keys; it lasts until it is revoked\. Copy/);
    expect(text).toMatch(/New API key of carol Copy .*Done, I have copied it$/);
    expect(html).toContain('role="status"'); // where "Copied" is announced
    expect(html).toContain('dark:bg-emerald-950/40');
  });

  it('says when the key expires, if it does', () => {
    const html = renderToStaticMarkup(<NewUserKeyNotice user="carol" issued={{ ...newKey, expires_at: '2027-01-01T00:00:00Z' }}
                                                        onDone={() => {}} />);
    expect(part(html, 'new-user-key-name')).toMatch(/^Named “issued by alice” in their list of keys; it expires .*202[67].*\.$/);
  });
});

describe('a user\'s quota form', () => {
  it('shows their usage, then a field per quota with what is in force and where it comes from', () => {
    const html = quotaForm(quotaDraft(carol.quota_overrides));
    expect(html).toMatch(/^<section id="editor-1" aria-labelledby="[^"]+"/);
    const text = textOf(html);
    expect(text).toMatch(/^Quotas of carol Uploads per minute near the limit 9 of 10 uploads in the last minute/);
    expect(text).toContain('Jobs at once 4 jobs queued or running (no limit)');
    expect(html).toContain('aria-label="Usage of carol"');
    // (textOf puts a space where the marker's <span> closes, before the full stop.)
    expect(part(html, 'quota-help-uploads_per_minute')).toBe('In force: 10 a minute (own) . Empty: the server\'s default. 0: no limit.');
    expect(part(html, 'quota-help-concurrent_jobs')).toBe('In force: no limit (own) . Empty: the server\'s default. 0: no limit.');
    expect(part(html, 'quota-help-bytes_per_day')).toBe('In force: 100 GB a day (default) . Empty: the server\'s default. 0: no limit.');
    expect(text).toContain('Upload volume per day, in GB');
    expect(html).toMatch(/type="number" min="0" step="1" inputMode="numeric" placeholder="default"[^>]* value="10"\/>/);
    expect(html).toMatch(/type="number" min="0" step="1" inputMode="numeric" placeholder="default"[^>]* value="0"\/>/);
    expect(html).toMatch(/type="number" min="0" step="any" inputMode="decimal" placeholder="default"[^>]* value=""\/>/);
  });

  it('can be saved only once something changed, and only with whole numbers and sizes', () => {
    const unchanged = quotaForm(quotaDraft(carol.quota_overrides));
    expect(buttons(unchanged)).toEqual(['Save quotas', 'Cancel']);
    expect(unchanged).toMatch(/<button type="submit" class="btn-primary" disabled="">Save quotas/);
    const changed = quotaForm({ ...quotaDraft(carol.quota_overrides), bytes_per_day: '5' });
    expect(changed).toMatch(/<button type="submit" class="btn-primary">Save quotas/);
    const wrong = quotaForm({ ...quotaDraft(carol.quota_overrides), uploads_per_minute: '1.5' });
    expect(part(wrong, 'quota-help-uploads_per_minute')).toBe('A whole number, 0 or more; 0 is no limit.');
    expect(wrong).toContain('aria-invalid="true"');
    expect(wrong).toMatch(/<button type="submit" class="btn-primary" disabled="">Save quotas/);
  });

  it('shows Loading for the usage, or why it could not be read, and a refused save with its code', () => {
    expect(textOf(quotaForm(quotaDraft(carol.quota_overrides), { shown: null }))).toContain('Loading their usage…');
    const forbidden = new ApiError(403, 'FORBIDDEN', 'an admin key is required');
    const html = quotaForm(quotaDraft(carol.quota_overrides), { shown: null, detailError: forbidden,
      error: new ApiError(400, 'INVALID_REQUEST', "'concurrent_jobs' must be null or a whole number >= 0") });
    const notices = html.split('data-testid="error-notice"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</div>')[0]));
    expect(notices[0]).toMatch(/^Could not load the usage of carol FORBIDDEN/);
    expect(notices[1]).toBe("Could not save the quotas of carol INVALID_REQUEST The request was not valid. Server said: 'concurrent_jobs' must be null or a whole number &gt;= 0");
  });
});

describe('the revoke-keys confirmation', () => {
  it('names the user and says it cannot be undone; the safe choice first', () => {
    const html = renderToStaticMarkup(<RevokeKeysDialog user={carol} self={false} onConfirm={async () => {}} onClose={() => {}} />);
    expect(html).toMatch(/^<dialog aria-labelledby="[^"]+" aria-describedby="[^"]+"/);
    const text = textOf(html);
    expect(text).toMatch(/^Revoke every key of carol\? Their programs and browser sessions are refused from now on/);
    expect(text).toContain('cannot sign in again until they are given a new key (“Issue new key”, here). It cannot be undone.');
    expect(text).not.toContain('signs you out');
    expect(buttons(html)).toEqual(['Keep them', 'Revoke keys']);
  });

  it('warns an admin revoking their own keys that it signs them out', () => {
    const html = renderToStaticMarkup(<RevokeKeysDialog user={alice} self onConfirm={async () => {}} onClose={() => {}} />);
    expect(part(html, 'revoke-keys-signs-out')).toBe('This is you: revoking your keys signs you out here at once.');
    expect(buttons(html)).toEqual(['Keep them', 'Revoke and sign out']);
  });
});
