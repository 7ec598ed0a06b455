// The pieces of Settings' "API keys" section: the list of keys, the form for
// a new one, its secret (shown once) and the confirmation before a revoke.
import { Fragment, useId, type FormEvent } from 'react';
import { formatDateTime } from '../lib/format';
import {
  EXPIRY_CHOICES, isExpired, keyLabel, MAX_KEY_NAME, validateKeyName, type ApiKeyInfo, type IssuedKey,
} from '../lib/keys';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './ErrorNotice';
import { SecretField } from './SecretField';

const BADGE = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset';

function KeyBadges({ apiKey, now }: { apiKey: ApiKeyInfo; now: number }) {
  return (
    <>
      {apiKey.current && (
        <span className={`${BADGE} bg-indigo-50 text-indigo-800 ring-indigo-300 dark:bg-indigo-950/40 dark:text-indigo-200 dark:ring-indigo-800`}
              data-testid="key-current">this browser</span>
      )}
      {isExpired(apiKey, now) && (
        <span className={`${BADGE} bg-red-50 text-red-800 ring-red-300 dark:bg-red-950/40 dark:text-red-200 dark:ring-red-800`}
              data-testid="key-expired">expired</span>
      )}
    </>
  );
}

// Every column's value, in the table and on the phone's cards alike.
function keyFacts(k: ApiKeyInfo): [string, string][] {
  return [
    ['Created', formatDateTime(k.created_at)],
    ['Expires', k.expires_at ? formatDateTime(k.expires_at) : 'never'],
    ['Last used', k.last_used_at ? formatDateTime(k.last_used_at) : 'never'],
  ];
}

function RevokeButton({ apiKey, onRevoke }: { apiKey: ApiKeyInfo; onRevoke: (k: ApiKeyInfo) => void }) {
  return (
    <button type="button" className="btn-danger py-1" aria-haspopup="dialog" aria-label={`Revoke ${keyLabel(apiKey)}`}
            onClick={() => onRevoke(apiKey)}>
      Revoke
    </button>
  );
}

// A table from medium screens up; on a phone, a labelled card per key (six
// columns would run off the screen).
export function KeysList({ keys, onRevoke, now = Date.now() }: {
  keys: ApiKeyInfo[]; onRevoke: (k: ApiKeyInfo) => void; now?: number;
}) {
  if (keys.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="keys-empty">No keys.</p>;
  }
  const muted = 'text-slate-500 dark:text-slate-400';
  return (
    <>
      <ul className="space-y-3 md:hidden" aria-label="API keys" data-testid="key-cards">
        {keys.map((k) => (
          <li key={k.id} className="rounded border border-slate-200 p-3 dark:border-slate-700" data-testid="key-card">
            <p className="flex flex-wrap items-center gap-2 font-medium"><span className="break-all">{keyLabel(k)}</span> <KeyBadges apiKey={k} now={now} /></p>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
              <dt className={muted}>ID</dt><dd className="break-all font-mono text-xs leading-5">{k.id}</dd>
              {keyFacts(k).map(([label, value]) => <Fragment key={label}><dt className={muted}>{label}</dt><dd>{value}</dd></Fragment>)}
            </dl>
            <div className="mt-2"><RevokeButton apiKey={k} onRevoke={onRevoke} /></div>
          </li>
        ))}
      </ul>
      <table className="hidden min-w-full text-left text-sm md:table" data-testid="keys-table">
        <thead className={`border-b border-slate-200 text-xs uppercase dark:border-slate-700 ${muted}`}>
          <tr>
            <th scope="col" className="px-2 py-2">Name</th>
            <th scope="col" className="px-2 py-2">ID</th>
            {keyFacts(keys[0]).map(([label]) => <th key={label} scope="col" className="px-2 py-2">{label}</th>)}
            <th scope="col" className="px-2 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid="key-row" data-key-id={k.id}>
              <td className="px-2 py-2">
                <span className="flex flex-wrap items-center gap-2"><span className="break-all font-medium">{keyLabel(k)}</span> <KeyBadges apiKey={k} now={now} /></span>
              </td>
              <td className="px-2 py-2 font-mono text-xs">{k.id}</td>
              {keyFacts(k).map(([label, value]) => <td key={label} className="px-2 py-2">{value}</td>)}
              <td className="px-2 py-2 text-right"><RevokeButton apiKey={k} onRevoke={onRevoke} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export interface NewKeyDraft {
  name: string;
  days: number;
}

// Controlled by the page, which clears the name once the key is made. The
// name is checked as it is typed; an empty one only once the user tried.
export function NewKeyForm({ draft, tried, busy, error, onChange, onSubmit }: {
  draft: NewKeyDraft; tried: boolean; busy: boolean; error: unknown;
  onChange: (draft: NewKeyDraft) => void; onSubmit: () => void;
}) {
  const nameId = useId();
  const helpId = useId();
  const expiryId = useId();
  const problem = validateKeyName(draft.name);
  const shown = draft.name !== '' || tried ? problem : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <form className="space-y-4" onSubmit={submit} noValidate data-testid="new-key-form">
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_auto]">
        <div>
          <label htmlFor={nameId} className="mb-1 block text-sm font-medium">Name</label>
          <input id={nameId} className="field" value={draft.name} autoComplete="off" spellCheck={false}
                 disabled={busy} aria-invalid={!!shown} aria-describedby={helpId}
                 onChange={(e) => onChange({ ...draft, name: e.target.value })} />
          <p id={helpId} className={`mt-1 text-xs ${shown ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
             data-testid="key-name-help">
            {shown ?? `What the key is for, such as "CI pipeline": 1 to ${MAX_KEY_NAME} plain ASCII characters.`}
          </p>
        </div>
        <div>
          <label htmlFor={expiryId} className="mb-1 block text-sm font-medium">Expires</label>
          <select id={expiryId} className="field" value={draft.days} disabled={busy}
                  onChange={(e) => onChange({ ...draft, days: Number(e.target.value) })}>
            {EXPIRY_CHOICES.map((c) => <option key={c.days} value={c.days}>{c.label}</option>)}
          </select>
        </div>
      </div>
      {error ? <ErrorNotice error={error} title="Could not create the key" /> : null}
      <button type="submit" className="btn-primary" disabled={busy || !!shown}>
        {busy ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

// The new key's secret, this once: read-only, selected for copying, with a
// plain warning. The page drops it on "Done" (or on leaving).
export function IssuedKeyNotice({ issued, onDone }: { issued: IssuedKey; onDone: () => void }) {
  const titleId = useId();
  const warningId = useId();
  return (
    <section aria-labelledby={titleId} data-testid="issued-key"
             className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100">
      <h3 id={titleId} className="break-all text-base font-semibold">Key &ldquo;{keyLabel(issued)}&rdquo; created</h3>
      <p id={warningId} className="font-medium" data-testid="issued-key-warning">
        Copy it now: this is the only time DeepTrace shows it. Keep it somewhere safe, like a password.
      </p>
      <SecretField label="Secret key" value={issued.key} describedBy={warningId} noun="key" testId="issued-key-secret" />
      <button type="button" className="btn-primary" onClick={onDone}>Done, I have copied it</button>
    </section>
  );
}

// Asks before a key is revoked, in a ConfirmDialog that focuses "Keep it". Revoking this browser's own key signs it out, so the
// dialog says so first.
export function RevokeKeyDialog({ apiKey, onConfirm, onClose }: {
  apiKey: ApiKeyInfo; onConfirm: () => Promise<void>; onClose: () => void;
}) {
  return (
    <ConfirmDialog testId="revoke-dialog" title={`Revoke ${keyLabel(apiKey)}?`} onConfirm={onConfirm} onClose={onClose}
                   keepLabel="Keep it" confirmLabel={apiKey.current ? 'Revoke and sign out' : 'Revoke key'} busyLabel="Revoking…"
                   descriptionAs="div" description={<>
      <p>Anything that uses this key is refused from now on. It cannot be undone.</p>
      {apiKey.current && (
        <p className="font-semibold text-red-800 dark:text-red-300" data-testid="revoke-signs-out">
          This browser is signed in with this key: revoking it signs you out here at once.
        </p>
      )}
    </>} />
  );
}
