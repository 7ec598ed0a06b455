// A completed job's read-only share links, on its page (lib/shares.ts):
// make one with an expiry, its address shown once with a Copy button, the
// links still open, and revoke after a confirmation. Whoever opens a link
// sees pages/SharedReportPage, without signing in.
import { Fragment, useCallback, useEffect, useId, useReducer, useState, type FormEvent } from 'react';
import { ApiError, api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import {
  absoluteShareUrl, DEFAULT_SHARE_DAYS, INITIAL_SHARES_STATE, isShareExpired, newShareBody, SHARE_EXPIRY_CHOICES,
  sharesReducer, type IssuedShare, type ShareLink,
} from '../lib/shares';
import type { Job } from '../lib/types';
import { useAuth } from './AuthContext';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './ErrorNotice';
import { SecretField } from './SecretField';
import { useCreateForm } from './useCreateForm';

const MUTED = 'text-slate-600 dark:text-slate-400';

// Links have no name: a link is told apart by when it was made and its id.
export function shareLabel(link: Pick<ShareLink, 'id' | 'created_at'>): string {
  return `the link made ${formatDateTime(link.created_at)} (${link.id})`;
}

function expiryText(link: ShareLink, now: number): string {
  if (!link.expires_at) return 'never (until revoked)';
  return `${formatDateTime(link.expires_at)}${isShareExpired(link, now) ? ' (expired)' : ''}`;
}

export function NewShareForm({ days, busy, error, onChange, onSubmit }: {
  days: number; busy: boolean; error: unknown; onChange: (days: number) => void; onSubmit: () => void;
}) {
  const expiryId = useId();
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={submit} data-testid="new-share-form">
      <div>
        <label htmlFor={expiryId} className="mb-1 block text-sm font-medium">Link expires</label>
        <select id={expiryId} className="field" value={days} disabled={busy} onChange={(e) => onChange(Number(e.target.value))}>
          {SHARE_EXPIRY_CHOICES.map((c) => <option key={c.days} value={c.days}>{c.label}</option>)}
        </select>
      </div>
      <button type="submit" className="btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create link'}</button>
      {error ? <div className="basis-full"><ErrorNotice error={error} title="Could not create the link" /></div> : null}
    </form>
  );
}

// The new link's address, this once: the server keeps only a hash of its
// token, so it cannot be shown again. The panel drops it on "Done".
export function IssuedShareNotice({ issued, origin, onDone }: { issued: IssuedShare; origin: string; onDone: () => void }) {
  const titleId = useId();
  const warningId = useId();
  return (
    <section aria-labelledby={titleId} data-testid="issued-share"
             className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100">
      <h3 id={titleId} className="text-base font-semibold">Link created</h3>
      <p id={warningId} className="font-medium" data-testid="issued-share-warning">
        Copy it now: this is the only time DeepTrace shows it. Anyone with the link can read this report, without
        signing in, {issued.expires_at ? `until ${formatDateTime(issued.expires_at)}` : 'until you revoke it'}.
      </p>
      <SecretField label="Share link" value={absoluteShareUrl(issued, origin)} describedBy={warningId} noun="link"
                   testId="issued-share-url" />
      <button type="button" className="btn-primary" onClick={onDone}>Done, I have copied it</button>
    </section>
  );
}

// One row per link still open (or expired but not revoked), oldest first.
export function ShareLinksList({ links, onRevoke, now = Date.now() }: {
  links: ShareLink[]; onRevoke: (link: ShareLink) => void; now?: number;
}) {
  if (links.length === 0) {
    return <p className={`text-sm ${MUTED}`} data-testid="shares-empty">No links to this report.</p>;
  }
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Links to this report</h3>
      <ul className="divide-y divide-slate-200 dark:divide-slate-700" aria-label="Links to this report" data-testid="share-links">
        {links.map((link) => (
          <li key={link.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2 text-sm" data-testid="share-link"
              data-share-id={link.id}>
            <dl className="grid min-w-0 flex-1 grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
              {([['Created', formatDateTime(link.created_at)], ['Expires', expiryText(link, now)]] as const).map(([label, value]) => (
                <Fragment key={label}><dt className={MUTED}>{label}</dt><dd>{value}</dd></Fragment>
              ))}
              <dt className={MUTED}>ID</dt><dd className="break-all font-mono text-xs leading-5">{link.id}</dd>
            </dl>
            <button type="button" className="btn-danger py-1" aria-haspopup="dialog" aria-label={`Revoke ${shareLabel(link)}`}
                    onClick={() => onRevoke(link)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

// Asks before a link is revoked, as the other revokes do: a ConfirmDialog
// that focuses "Keep it".
export function RevokeShareDialog({ link, onConfirm, onClose }: {
  link: ShareLink; onConfirm: () => Promise<void>; onClose: () => void;
}) {
  return (
    <ConfirmDialog testId="revoke-share-dialog" title="Revoke this link?" breakTitle={false} onConfirm={onConfirm} onClose={onClose}
                   keepLabel="Keep it" confirmLabel="Revoke link" busyLabel="Revoking…" description={<>
      Anyone who opens {shareLabel(link)} from now on is told it has expired or was revoked. It cannot be undone;
      you can make a new link.
    </>} />
  );
}

// The panel on a completed job's page, opened by its "Share…" button.
export function ShareLinksPanel({ job, id }: { job: Job; id: string }) {
  const { handleAuthError } = useAuth();
  const [state, dispatch] = useReducer(sharesReducer, INITIAL_SHARES_STATE);
  const [listError, setListError] = useState<{ title: string; error: unknown } | null>(null);
  const jobId = job.job_id;
  const titleId = useId();

  const load = useCallback(async () => {
    try {
      dispatch({ type: 'listed', links: await api.shares(jobId) });
      setListError(null);
    } catch (e) {
      if (!handleAuthError(e)) setListError({ title: 'Could not load the links', error: e });
    }
  }, [jobId, handleAuthError]);

  useEffect(() => { void load(); }, [load]);

  // The expiry chosen stays for the next link; nothing to check before sending.
  const { draft: days, setDraft: setDays, creating, error: createError, create } = useCreateForm<number, IssuedShare>({
    empty: DEFAULT_SHARE_DAYS,
    submit: (d) => api.createShare(jobId, newShareBody(d)),
    onCreated: (link) => {
      dispatch({ type: 'created', link });
      void load();
    },
    onAuthError: handleAuthError,
    keepDraft: true,
  });

  async function revoke(link: ShareLink) {
    try {
      await api.revokeShare(jobId, link.id);
      dispatch({ type: 'revoked', id: link.id });
    } catch (e) {
      if (handleAuthError(e)) return;
      setListError({ title: 'Could not revoke the link', error: e });
      // SHARE_NOT_FOUND: revoked elsewhere already; the list shows what is left.
      if (e instanceof ApiError && e.code === 'SHARE_NOT_FOUND') void load();
    }
  }

  return (
    <section id={id} aria-labelledby={titleId} className="card space-y-4 print:hidden" data-testid="share-panel"
             aria-busy={!state.links}>
      <div>
        <h2 id={titleId} className="h2">Share a read-only link</h2>
        <p className={`text-sm ${MUTED}`}>
          Anyone with the link sees this report, its face crops, its digest and its chain anchor, without signing in;
          not your other jobs, your account or the uploaded file. Revoke a link to close it.
        </p>
      </div>
      {state.issued && <IssuedShareNotice key={state.issued.id} issued={state.issued} origin={window.location.origin}
                                          onDone={() => dispatch({ type: 'dismiss-link' })} />}
      <NewShareForm days={days} busy={creating} error={createError} onChange={setDays} onSubmit={() => void create()} />
      {listError && <ErrorNotice error={listError.error} title={listError.title} />}
      {state.links ? <ShareLinksList links={state.links} onRevoke={(link) => dispatch({ type: 'ask-revoke', link })} />
        : !listError && <p className={`text-sm ${MUTED}`} role="status">Loading…</p>}
      {state.revoking && <RevokeShareDialog key={state.revoking.id} link={state.revoking}
                                            onConfirm={() => revoke(state.revoking!)}
                                            onClose={() => dispatch({ type: 'cancel-revoke' })} />}
    </section>
  );
}
