// Settings' "Users" section, for admins alone (issue 17): every user with the
// quotas in force for them, a form for a new user whose first API key is
// shown once, a form per user for their own quotas (PATCH; an empty field
// returns to the server's default), revoking all of a user's keys after a
// confirmation, and issuing a user a new key (after a revoke, or when they
// lost theirs), shown once as the first key is. Other users get no section
// and ask the server nothing: the /api/v1/admin/ routes answer them 403
// FORBIDDEN.
import { Fragment, useCallback, useEffect, useId, useReducer, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { keyLabel, type IssuedKey } from '../lib/keys';
import {
  checkQuotaDraft, INITIAL_USERS_STATE, MAX_USER_NAME, newUserBody, QUOTA_KINDS, quotaDraft, quotaLabel, quotaSource,
  usersReducer, validateUserName, type AdminUser, type AdminUserDetail, type CreatedUser, type QuotaDraft, type QuotaName,
} from '../lib/quotas';
import type { User } from '../lib/types';
import { useAuth } from './AuthContext';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './ErrorNotice';
import { SecretField } from './SecretField';
import { QuotaMeters } from './UsageSection';
import { useCreateForm } from './useCreateForm';

const BADGE = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset';
const MUTED = 'text-slate-600 dark:text-slate-400';

export const SIGNED_OUT_BY_OWN_REVOKE = 'You revoked every API key of your own user, so you have been signed out. '
  + 'Sign in with a new key: another admin can issue you one in Settings, or deeptrace-admin can add one on the server.';

function AdminBadge() {
  return (
    <span className={`${BADGE} bg-indigo-50 text-indigo-800 ring-indigo-300 dark:bg-indigo-950/40 dark:text-indigo-200 dark:ring-indigo-800`}
          data-testid="user-admin">admin</span>
  );
}

// "60 a minute (default)": the quota in force, and whether it is the user's own.
function QuotaValue({ user, name }: { user: AdminUser; name: QuotaName }) {
  return (
    <>
      {quotaLabel(name, user.quotas[name])} <span className={`text-xs ${MUTED}`}>({quotaSource(user, name)})</span>
    </>
  );
}

interface UserActionProps {
  editorId: string;
  onEdit: (u: AdminUser) => void;
  onIssue: (u: AdminUser) => void; // a new key, shown once
  onRevoke: (u: AdminUser) => void;
}

function UserActions({ user, editing, issuing, editorId, onEdit, onIssue, onRevoke }: UserActionProps & {
  user: AdminUser; editing: boolean; issuing: boolean;
}) {
  return (
    <div className="flex flex-wrap gap-2 md:justify-end">
      <button type="button" className="btn-secondary py-1" aria-label={`Edit quotas of ${user.name}`} aria-expanded={editing}
              aria-controls={editing ? editorId : undefined} onClick={() => onEdit(user)}>
        Edit quotas
      </button>
      <button type="button" className="btn-secondary py-1" aria-label={`Issue new key for ${user.name}`} disabled={issuing}
              onClick={() => onIssue(user)}>
        {issuing ? 'Issuing…' : 'Issue new key'}
      </button>
      <button type="button" className="btn-danger py-1" aria-haspopup="dialog" aria-label={`Revoke keys of ${user.name}`}
              onClick={() => onRevoke(user)}>
        Revoke keys
      </button>
    </div>
  );
}

// A table from medium screens up; on a phone, a labelled card per user.
export function UsersList({ users, editing, issuing = null, ...actions }: UserActionProps & {
  users: AdminUser[]; editing: string | null; issuing?: string | null; // whose new key is on its way
}) {
  if (users.length === 0) return <p className={`text-sm ${MUTED}`} data-testid="users-empty">No users.</p>;
  const muted = 'text-slate-500 dark:text-slate-400';
  return (
    <>
      <ul className="space-y-3 md:hidden" aria-label="Users" data-testid="user-cards">
        {users.map((u) => (
          <li key={u.name} className="rounded border border-slate-200 p-3 dark:border-slate-700" data-testid="user-card">
            <p className="flex flex-wrap items-center gap-2 font-medium"><span className="break-all">{u.name}</span> {u.admin && <AdminBadge />}</p>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
              {QUOTA_KINDS.map((k) => <Fragment key={k.name}><dt className={muted}>{k.title}</dt><dd><QuotaValue user={u} name={k.name} /></dd></Fragment>)}
              <dt className={muted}>Created</dt><dd>{formatDateTime(u.created_at)}</dd>
            </dl>
            <div className="mt-2">
              <UserActions user={u} editing={editing === u.name} issuing={issuing === u.name} {...actions} />
            </div>
          </li>
        ))}
      </ul>
      <table className="hidden min-w-full text-left text-sm md:table" data-testid="users-table">
        <caption className="sr-only">Users and the quotas in force for them: their own, or the server&apos;s default</caption>
        <thead className={`border-b border-slate-200 text-xs uppercase dark:border-slate-700 ${muted}`}>
          <tr>
            <th scope="col" className="px-2 py-2">Name</th>
            {QUOTA_KINDS.map((k) => <th key={k.name} scope="col" className="px-2 py-2">{k.title}</th>)}
            <th scope="col" className="px-2 py-2">Created</th>
            <th scope="col" className="px-2 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.name} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid="user-row"
                data-user-name={u.name}>
              <th scope="row" className="px-2 py-2 font-normal">
                <span className="flex flex-wrap items-center gap-2"><span className="break-all font-medium">{u.name}</span> {u.admin && <AdminBadge />}</span>
              </th>
              {QUOTA_KINDS.map((k) => <td key={k.name} className="px-2 py-2" data-quota={k.name}><QuotaValue user={u} name={k.name} /></td>)}
              <td className="px-2 py-2">{formatDateTime(u.created_at)}</td>
              <td className="px-2 py-2">
                <UserActions user={u} editing={editing === u.name} issuing={issuing === u.name} {...actions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export interface NewUserDraft {
  name: string;
  admin: boolean;
}

export const EMPTY_USER_DRAFT: NewUserDraft = { name: '', admin: false };

// Controlled by the section, which clears it once the user is added. The
// name is checked as it is typed; an empty one only once the admin tried.
export function NewUserForm({ draft, tried, busy, error, onChange, onSubmit }: {
  draft: NewUserDraft; tried: boolean; busy: boolean; error: unknown;
  onChange: (draft: NewUserDraft) => void; onSubmit: () => void;
}) {
  const nameId = useId();
  const helpId = useId();
  const adminHelpId = useId();
  const problem = validateUserName(draft.name);
  const shown = draft.name !== '' || tried ? problem : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <form className="space-y-4" onSubmit={submit} noValidate data-testid="new-user-form">
      <div>
        <label htmlFor={nameId} className="mb-1 block text-sm font-medium">User name</label>
        <input id={nameId} className="field" value={draft.name} autoComplete="off" spellCheck={false} autoCapitalize="none"
               disabled={busy} aria-invalid={!!shown} aria-describedby={helpId}
               onChange={(e) => onChange({ ...draft, name: e.target.value })} />
        <p id={helpId} className={`mt-1 text-xs ${shown ? 'text-red-700 dark:text-red-300' : MUTED}`} data-testid="user-name-help">
          {shown ?? `1 to ${MAX_USER_NAME} letters, digits, "-", "_", "." or "@", such as "carol".`}
        </p>
      </div>
      <div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4 accent-indigo-600" checked={draft.admin} disabled={busy}
                 aria-describedby={adminHelpId} onChange={(e) => onChange({ ...draft, admin: e.target.checked })} />
          <span className="font-medium">Administrator</span>
        </label>
        <p id={adminHelpId} className={`mt-1 text-xs ${MUTED}`}>
          An administrator sees every job and manages users, as you do here.
        </p>
      </div>
      {error ? <ErrorNotice error={error} title="Could not add the user" /> : null}
      <button type="submit" className="btn-primary" disabled={busy || !!shown}>
        {busy ? 'Adding…' : 'Add user'}
      </button>
    </form>
  );
}

// A user's key, this once, as ApiKeys shows a new key: their first (a new
// user) or a new one an admin issued them. `testId` names the panel, and
// with -warning and -secret its parts.
function UserKeyPanel({ title, details, user, label, secret, testId, onDone }: {
  title: ReactNode; details?: ReactNode; user: string; label: string; secret: string; testId: string; onDone: () => void;
}) {
  const titleId = useId();
  const warningId = useId();
  return (
    <section aria-labelledby={titleId} data-testid={testId}
             className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100 print:hidden">
      <h3 id={titleId} className="break-words text-base font-semibold">{title}</h3>
      {details}
      <p id={warningId} className="font-medium" data-testid={`${testId}-warning`}>
        Copy their API key now: this is the only time DeepTrace shows it. Give it to {user} safely, like a password;
        they sign in with it and can make their own keys in Settings.
      </p>
      <SecretField label={label} value={secret} describedBy={warningId} noun="key" testId={`${testId}-secret`} />
      <button type="button" className="btn-primary" onClick={onDone}>Done, I have copied it</button>
    </section>
  );
}

// The new user's first key.
export function IssuedUserKeyNotice({ issued, onDone }: { issued: CreatedUser; onDone: () => void }) {
  return (
    <UserKeyPanel title={<>User &ldquo;{issued.name}&rdquo; added</>} user={issued.name} label={`API key of ${issued.name}`}
                  secret={issued.key} testId="issued-user-key" onDone={onDone} />
  );
}

// A new key an admin issued to an existing user: whose it is, and its name
// (and expiry) as the user will see it among their keys.
export function NewUserKeyNotice({ user, issued, onDone }: { user: string; issued: IssuedKey; onDone: () => void }) {
  return (
    <UserKeyPanel title={`New API key for ${user}`} user={user} label={`New API key of ${user}`} secret={issued.key}
                  testId="new-user-key" onDone={onDone} details={
      <p className="break-words" data-testid="new-user-key-name">
        Named &ldquo;{keyLabel(issued)}&rdquo; in their list of keys;{' '}
        {issued.expires_at ? `it expires ${formatDateTime(issued.expires_at)}.` : 'it lasts until it is revoked.'}
      </p>
    } />
  );
}

const FIELD_HELP = 'Empty: the server\'s default. 0: no limit.';

// One user's own quotas: the quotas in force, their usage when it has been
// read, and a field per quota. Only what changed is sent.
export function QuotaForm({ user, detail, detailError, draft, busy, error, id, onChange, onSubmit, onCancel }: {
  user: AdminUser; detail: AdminUserDetail | null; detailError: unknown; draft: QuotaDraft; busy: boolean; error: unknown;
  id: string; onChange: (draft: QuotaDraft) => void; onSubmit: () => void; onCancel: () => void;
}) {
  const titleId = useId();
  const fieldIds = useId();
  const first = useRef<HTMLInputElement>(null);
  const check = checkQuotaDraft(user.quota_overrides, draft);
  useEffect(() => { first.current?.focus(); }, []);
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <section id={id} aria-labelledby={titleId} className="space-y-4 rounded border border-slate-200 p-3 dark:border-slate-700 sm:p-4"
             data-testid="quota-form">
      <h3 id={titleId} className="break-all text-base font-semibold">Quotas of {user.name}</h3>
      {detail ? <QuotaMeters report={detail} label={`Usage of ${user.name}`} />
        : detailError ? <ErrorNotice error={detailError} title={`Could not load the usage of ${user.name}`} />
          : <p className={`text-sm ${MUTED}`} role="status">Loading their usage…</p>}
      <form className="space-y-4" onSubmit={submit} noValidate>
        <div className="grid gap-4 sm:grid-cols-3">
          {QUOTA_KINDS.map((k, i) => {
            const problem = check.problems[k.name];
            const inputId = `${fieldIds}-${k.name}`;
            return (
              <div key={k.name}>
                <label htmlFor={inputId} className="mb-1 block text-sm font-medium">{k.bytes ? `${k.title}, in GB` : k.title}</label>
                <input id={inputId} ref={i === 0 ? first : undefined} className="field" type="number" min={0} step={k.bytes ? 'any' : 1}
                       inputMode={k.bytes ? 'decimal' : 'numeric'} value={draft[k.name]} placeholder="default" disabled={busy}
                       aria-invalid={!!problem} aria-describedby={`${inputId}-help`}
                       onChange={(e) => onChange({ ...draft, [k.name]: e.target.value })} />
                <p id={`${inputId}-help`} className={`mt-1 text-xs ${problem ? 'text-red-700 dark:text-red-300' : MUTED}`}
                   data-testid={`quota-help-${k.name}`}>
                  {problem ?? <>In force: <QuotaValue user={user} name={k.name} />. {FIELD_HELP}</>}
                </p>
              </div>
            );
          })}
        </div>
        {error ? <ErrorNotice error={error} title={`Could not save the quotas of ${user.name}`} /> : null}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="btn-primary" disabled={busy || !check.patch || !check.changed}>
            {busy ? 'Saving…' : 'Save quotas'}
          </button>
          <button type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>Cancel</button>
        </div>
      </form>
    </section>
  );
}

// Asks before every key of a user is revoked, as ApiKeys does for one key:
// a ConfirmDialog that focuses "Keep them". Revoking one's own keys signs
// this browser out, so the dialog says so first.
export function RevokeKeysDialog({ user, self, onConfirm, onClose }: {
  user: AdminUser; self: boolean; onConfirm: () => Promise<void>; onClose: () => void;
}) {
  return (
    <ConfirmDialog testId="revoke-keys-dialog" title={`Revoke every key of ${user.name}?`} onConfirm={onConfirm} onClose={onClose}
                   keepLabel="Keep them" confirmLabel={self ? 'Revoke and sign out' : 'Revoke keys'} busyLabel="Revoking…"
                   descriptionAs="div" description={<>
      <p>
        Their programs and browser sessions are refused from now on, and {user.name} cannot sign in again until
        they are given a new key (&ldquo;Issue new key&rdquo;, here). It cannot be undone.
      </p>
      {self && (
        <p className="font-semibold text-red-800 dark:text-red-300" data-testid="revoke-keys-signs-out">
          This is you: revoking your keys signs you out here at once.
        </p>
      )}
    </>} />
  );
}

// One user's quota form, with their usage read once it opens.
function QuotaEditor({ user, id, onSaved, onCancel, onGone }: {
  user: AdminUser; id: string; onSaved: (u: AdminUser) => void; onCancel: () => void;
  onGone: (title: string, error: unknown) => void; // USER_NOT_FOUND: deleted elsewhere
}) {
  const { handleAuthError } = useAuth();
  const [detail, setDetail] = useState<AdminUserDetail | null>(null);
  const [detailError, setDetailError] = useState<unknown>(null);
  const [draft, setDraft] = useState(() => quotaDraft(user.quota_overrides));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api.adminUser(user.name)
      .then((d) => { if (live) setDetail(d); })
      .catch((e: unknown) => {
        if (!live || handleAuthError(e)) return;
        if (e instanceof ApiError && e.code === 'USER_NOT_FOUND') onGone(`Could not load the usage of ${user.name}`, e);
        else setDetailError(e);
      });
    return () => { live = false; };
  }, [user.name, handleAuthError, onGone]);

  async function save() {
    const check = checkQuotaDraft(user.quota_overrides, draft);
    if (!check.patch || !check.changed) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.updateUserQuotas(user.name, check.patch));
    } catch (e) {
      if (handleAuthError(e)) return;
      if (e instanceof ApiError && e.code === 'USER_NOT_FOUND') onGone(`Could not save the quotas of ${user.name}`, e);
      else setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <QuotaForm user={user} detail={detail} detailError={detailError} draft={draft} busy={busy} error={error} id={id}
               onChange={setDraft} onSubmit={() => void save()} onCancel={onCancel} />
  );
}

// The section itself, mounted for admins only (AdminUsers below).
export function UsersSection({ self }: { self: string }) {
  const { handleAuthError, signedOut } = useAuth();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [state, dispatch] = useReducer(usersReducer, INITIAL_USERS_STATE);
  const [listError, setListError] = useState<{ title: string; error: unknown } | null>(null);
  // A new key issued to an existing user, shown until "Done"; and whose is on its way.
  const [newKey, setNewKey] = useState<{ user: string; key: IssuedKey } | null>(null);
  const [issuing, setIssuing] = useState<string | null>(null);
  const editorId = useId();

  useEffect(() => {
    let live = true;
    void api.hasAdminUsers().then((yes) => { if (live) setAvailable(yes); });
    return () => { live = false; };
  }, []);

  const load = useCallback(async () => {
    try {
      dispatch({ type: 'listed', users: await api.adminUsers() });
      setListError(null);
    } catch (e) {
      if (!handleAuthError(e)) setListError({ title: 'Could not load the users', error: e });
    }
  }, [handleAuthError]);

  useEffect(() => { if (available) void load(); }, [available, load]);

  // Deleted elsewhere (deeptrace-admin): said above the list, which shows
  // who is left (the form closes with its user gone).
  const gone = useCallback((title: string, error: unknown) => {
    void load().then(() => setListError({ title, error })); // after the list, which clears old errors
  }, [load]);

  const { draft, setDraft, tried, creating, error: createError, create } = useCreateForm({
    empty: EMPTY_USER_DRAFT,
    invalid: (d) => validateUserName(d.name),
    submit: (d) => api.createUser(newUserBody(d.name, d.admin)),
    onCreated: (user) => {
      dispatch({ type: 'created', user });
      void load();
    },
    onAuthError: handleAuthError,
  });

  async function revoke(user: AdminUser) {
    let count: number;
    try {
      count = await api.revokeUserKeys(user.name);
    } catch (e) {
      if (handleAuthError(e)) return;
      const title = `Could not revoke the keys of ${user.name}`;
      if (e instanceof ApiError && e.code === 'USER_NOT_FOUND') gone(title, e);
      else setListError({ title, error: e });
      return;
    }
    // This browser's key was among them, and its session ended with it.
    if (user.name === self) signedOut(SIGNED_OUT_BY_OWN_REVOKE);
    else {
      dispatch({ type: 'revoked', name: user.name, count });
      setNewKey((shown) => (shown?.user === user.name ? null : shown)); // revoked with the rest
    }
  }

  // No confirmation: a new key takes nothing away. The body is left out, so
  // the server names it "issued by <this admin>" and it never expires.
  async function issue(user: AdminUser) {
    setIssuing(user.name);
    try {
      const key = await api.issueUserKey(user.name);
      setNewKey({ user: user.name, key });
      dispatch({ type: 'dismiss-notice' }); // "cannot sign in until…" holds no more
    } catch (e) {
      if (handleAuthError(e)) return;
      const title = `Could not issue a new key for ${user.name}`;
      if (e instanceof ApiError && e.code === 'USER_NOT_FOUND') gone(title, e);
      else setListError({ title, error: e });
    } finally {
      setIssuing(null);
    }
  }

  if (available === false) return null;
  const editing = state.users?.find((u) => u.name === state.editing) ?? null;
  return (
    <>
      <section aria-labelledby="users-title" className="card space-y-4" aria-busy={!state.users} data-testid="users-section">
        <div>
          <h2 id="users-title" className="h2">Users</h2>
          <p className={`text-sm ${MUTED}`}>
            Everyone who may use this server, with the quotas in force for them: their own, or the server&apos;s default.
            Changed quotas hold from the user&apos;s next request.
          </p>
        </div>
        {listError && <ErrorNotice error={listError.error} title={listError.title} />}
        <div className={state.notice ? 'flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700' : 'sr-only'}>
          <p role="status" data-testid="users-notice">{state.notice ?? ''}</p>
          {state.notice && <button type="button" className="btn-secondary py-1" onClick={() => dispatch({ type: 'dismiss-notice' })}>OK</button>}
        </div>
        {newKey && <NewUserKeyNotice key={newKey.key.id} user={newKey.user} issued={newKey.key} onDone={() => setNewKey(null)} />}
        {state.users ? (
          <UsersList users={state.users} editing={state.editing} issuing={issuing} editorId={editorId}
                     onEdit={(u) => dispatch(state.editing === u.name ? { type: 'cancel-edit' } : { type: 'edit', name: u.name })}
                     onIssue={(u) => void issue(u)} onRevoke={(u) => dispatch({ type: 'ask-revoke', user: u })} />
        ) : !listError && <p className={`text-sm ${MUTED}`} role="status">Loading…</p>}
        {editing && (
          <QuotaEditor key={editing.name} user={editing} id={editorId} onGone={gone}
                       onSaved={(u) => dispatch({ type: 'updated', user: u })} onCancel={() => dispatch({ type: 'cancel-edit' })} />
        )}
      </section>
      <section aria-labelledby="new-user-title" className="card space-y-4 print:hidden">
        <h2 id="new-user-title" className="h2">New user</h2>
        {state.issued && <IssuedUserKeyNotice key={state.issued.id} issued={state.issued}
                                              onDone={() => dispatch({ type: 'dismiss-key' })} />}
        <NewUserForm draft={draft} tried={tried} busy={creating} error={createError}
                     onChange={setDraft} onSubmit={() => void create()} />
      </section>
      {state.revoking && (
        <RevokeKeysDialog key={state.revoking.name} user={state.revoking} self={state.revoking.name === self}
                          onConfirm={() => revoke(state.revoking!)} onClose={() => dispatch({ type: 'cancel-revoke' })} />
      )}
    </>
  );
}

// Admins get the section; everyone else, nothing, and no request is made.
export function AdminUsers({ user }: { user: User | null }) {
  if (!user?.admin) return null;
  return <UsersSection self={user.name} />;
}
