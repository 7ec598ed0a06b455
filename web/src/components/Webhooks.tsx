// The pieces of Settings' "Webhooks" section: an endpoint's card with its
// actions, its delivery log, the form for a new endpoint, the signing secret
// (shown once, after a create or a rotation) and the confirmations before a
// delete or a rotation. WebhooksSection holds the state and talks to the API.
import { Fragment, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../lib/format';
import {
  EVENT_HELP, MAX_DESCRIPTION_BYTES, STANDARD_WEBHOOKS_URL, validateDescription, validateEvents, validateWebhookUrl,
  toggleEvent, WEBHOOK_EVENTS, webhookStatus, type Delivery, type IssuedWebhook, type Webhook, type WebhookDraft,
} from '../lib/webhooks';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorNotice } from './ErrorNotice';
import { SecretField } from './SecretField';

const BADGE = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset';
const GREEN = 'bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950/40 dark:text-emerald-200 dark:ring-emerald-800';
const RED = 'bg-red-50 text-red-800 ring-red-300 dark:bg-red-950/40 dark:text-red-200 dark:ring-red-800';
const AMBER = 'bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/40 dark:text-amber-200 dark:ring-amber-800';
const MUTED = 'text-slate-600 dark:text-slate-400';

export function WebhookStatusBadge({ hook }: { hook: Webhook }) {
  const { label } = webhookStatus(hook);
  return <span className={`${BADGE} ${hook.enabled ? GREEN : RED}`} data-testid="webhook-status">{label}</span>;
}

function EventList({ events }: { events: readonly string[] }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Events">
      {events.map((e) => (
        <li key={e} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">{e}</li>
      ))}
    </ul>
  );
}

// One endpoint: what it is, its status, its actions, what its last test
// event came to (announced), `notice` (a rotated secret) under the actions,
// and `children` (the delivery log, deliveriesId) under its toggle.
export function WebhookCard({ hook, busy, testing = false, testStatus = '', notice, deliveriesOpen, deliveriesId, onTest,
  onToggleEnabled, onRotate, onDelete, onToggleDeliveries, children }: {
  hook: Webhook; busy: boolean; testing?: boolean; testStatus?: string; notice?: ReactNode; deliveriesOpen: boolean; deliveriesId: string;
  onTest: () => void; onToggleEnabled: () => void; onRotate: () => void; onDelete: () => void;
  onToggleDeliveries: () => void; children?: ReactNode;
}) {
  const status = webhookStatus(hook);
  const testHintId = useId();
  return (
    <li className="space-y-3 rounded border border-slate-200 p-3 dark:border-slate-700 sm:p-4" data-testid="webhook" data-webhook-id={hook.id}>
      <div className="flex flex-wrap items-center gap-2">
        <p className="min-w-0 break-all font-mono text-sm font-medium" data-testid="webhook-url">{hook.url}</p>
        <WebhookStatusBadge hook={hook} />
      </div>
      {hook.description && <p className="break-words text-sm" data-testid="webhook-description">{hook.description}</p>}
      {status.detail && (
        <p className={`text-sm ${hook.disabled_reason === 'disabled by its owner' ? MUTED : 'text-red-800 dark:text-red-300'}`}
           data-testid="webhook-disabled-reason">
          {status.detail}
        </p>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className={MUTED}>Events</dt><dd><EventList events={hook.events} /></dd>
        <dt className={MUTED}>Failures in a row</dt>
        <dd data-testid="webhook-failures" className={hook.consecutive_failures > 0 ? 'font-semibold text-red-800 dark:text-red-300' : ''}>
          {hook.consecutive_failures}
        </dd>
        <dt className={MUTED}>Created</dt><dd>{formatDateTime(hook.created_at)}</dd>
        {hook.previous_secret_expires_at && (
          <>
            <dt className={MUTED}>Old secret</dt>
            <dd data-testid="webhook-previous-secret">signs too until {formatDateTime(hook.previous_secret_expires_at)}</dd>
          </>
        )}
        <dt className={MUTED}>ID</dt><dd className="break-all font-mono text-xs leading-5">{hook.id}</dd>
      </dl>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary py-1" disabled={busy || testing || !hook.enabled} onClick={onTest}
                aria-label={`Send test event to ${hook.url}`} aria-describedby={hook.enabled ? undefined : testHintId}>
          Send test event
        </button>
        <button type="button" className="btn-secondary py-1" disabled={busy} onClick={onToggleEnabled}
                aria-label={`${hook.enabled ? 'Disable' : 'Enable'} ${hook.url}`}>
          {hook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="btn-secondary py-1" disabled={busy} onClick={onRotate} aria-haspopup="dialog"
                aria-label={`Rotate secret of ${hook.url}`}>
          Rotate secret
        </button>
        <button type="button" className="btn-danger py-1" disabled={busy} onClick={onDelete} aria-haspopup="dialog"
                aria-label={`Delete ${hook.url}`}>
          Delete
        </button>
      </div>
      {!hook.enabled && <p id={testHintId} className={`text-xs ${MUTED}`}>Enable the endpoint to send it a test event.</p>}
      <p role="status" className={`text-sm ${testStatus ? '' : 'sr-only'}`} data-testid="webhook-test-status">{testStatus}</p>
      {notice}
      <div>
        <button type="button" className="link inline-flex items-center gap-1 text-sm font-medium" aria-expanded={deliveriesOpen}
                aria-controls={deliveriesId} onClick={onToggleDeliveries} aria-label={`Deliveries to ${hook.url}`}>
          <span aria-hidden="true">{deliveriesOpen ? '▾' : '▸'}</span> Deliveries
        </button>
      </div>
      {children}
    </li>
  );
}

const STATE_STYLE: Record<string, string> = { succeeded: GREEN, failed: RED, pending: AMBER };

function DeliveryState({ delivery }: { delivery: Delivery }) {
  return <span className={`${BADGE} ${STATE_STYLE[delivery.state] ?? AMBER}`} data-testid="delivery-state">{delivery.state}</span>;
}

function JobCell({ delivery }: { delivery: Delivery }) {
  if (!delivery.job_id) return <span className={MUTED}>—</span>;
  return <Link className="link break-all font-mono text-xs" to={`/jobs/${encodeURIComponent(delivery.job_id)}`}>{delivery.job_id}</Link>;
}

function response(d: Delivery): string {
  return d.response_status === null ? '—' : String(d.response_status);
}

// The times of a delivery, only those it has.
function deliveryTimes(d: Delivery): [string, string][] {
  const times: [string, string][] = [['Created', formatDateTime(d.created_at)]];
  if (d.last_attempt_at) times.push(['Last attempt', formatDateTime(d.last_attempt_at)]);
  if (d.next_attempt_at) times.push(['Next attempt', formatDateTime(d.next_attempt_at)]);
  return times;
}

// Newest first: a table on wide screens, a labelled card per delivery below
// (seven columns would not fit a phone).
export function DeliveriesLog({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) {
    return <p className={`text-sm ${MUTED}`} data-testid="deliveries-empty">No deliveries yet. Send a test event to see one here.</p>;
  }
  return (
    <>
      <ul className="space-y-2 lg:hidden" aria-label="Deliveries" data-testid="delivery-cards">
        {deliveries.map((d) => (
          <li key={d.id} className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700" data-testid="delivery-card">
            <p className="flex flex-wrap items-center gap-2"><DeliveryState delivery={d} /> <span className="font-mono text-xs">{d.event}</span></p>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
              <dt className={MUTED}>Job</dt><dd><JobCell delivery={d} /></dd>
              <dt className={MUTED}>Attempts</dt><dd>{d.attempts}</dd>
              <dt className={MUTED}>Response</dt><dd>{response(d)}</dd>
              {d.last_error && <><dt className={MUTED}>Last error</dt><dd className="break-words">{d.last_error}</dd></>}
              {deliveryTimes(d).map(([label, value]) => <Fragment key={label}><dt className={MUTED}>{label}</dt><dd>{value}</dd></Fragment>)}
              <dt className={MUTED}>ID</dt><dd className="break-all font-mono text-xs leading-5">{d.id}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <table className="hidden min-w-full text-left text-sm lg:table" data-testid="deliveries-table">
        <caption className="sr-only">Deliveries, newest first</caption>
        <thead className={`border-b border-slate-200 text-xs uppercase dark:border-slate-700 ${MUTED}`}>
          <tr>
            {['State', 'Event', 'Job', 'Attempts', 'Response', 'Last error', 'Times'].map((h) => (
              <th key={h} scope="col" className="px-2 py-2">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid="delivery-row"
                data-delivery-id={d.id}>
              <td className="px-2 py-2"><DeliveryState delivery={d} /></td>
              <td className="px-2 py-2 font-mono text-xs">{d.event}</td>
              <td className="max-w-[10rem] px-2 py-2"><JobCell delivery={d} /></td>
              <td className="px-2 py-2">{d.attempts}</td>
              <td className="px-2 py-2">{response(d)}</td>
              <td className="max-w-[14rem] break-words px-2 py-2">{d.last_error ?? <span className={MUTED}>—</span>}</td>
              <td className="px-2 py-2 text-xs">
                {deliveryTimes(d).map(([label, value]) => <div key={label}><span className={MUTED}>{label}:</span> {value}</div>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// The form's checks: the URL as it is typed (an empty one only once the user
// tried), at least one event, the description's length.
export function draftProblems(draft: WebhookDraft, tried: boolean) {
  const url = validateWebhookUrl(draft.url);
  return {
    url: draft.url !== '' || tried ? url : null,
    events: validateEvents(draft.events),
    description: validateDescription(draft.description),
    blocking: !!(draft.url !== '' && url) || !!validateEvents(draft.events) || !!validateDescription(draft.description),
  };
}

export function NewWebhookForm({ draft, tried, busy, error, onChange, onSubmit }: {
  draft: WebhookDraft; tried: boolean; busy: boolean; error: unknown;
  onChange: (draft: WebhookDraft) => void; onSubmit: () => void;
}) {
  const urlId = useId();
  const urlHelpId = useId();
  const eventsHelpId = useId();
  const descriptionId = useId();
  const descriptionHelpId = useId();
  const problems = draftProblems(draft, tried);
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  const help = (problem: string | null) => `mt-1 text-xs ${problem ? 'text-red-700 dark:text-red-300' : MUTED}`;
  return (
    <form className="space-y-4" onSubmit={submit} noValidate data-testid="new-webhook-form">
      <div>
        <label htmlFor={urlId} className="mb-1 block text-sm font-medium">Endpoint URL</label>
        <input id={urlId} className="field font-mono" type="url" inputMode="url" value={draft.url} autoComplete="off" spellCheck={false}
               placeholder="https://example.com/hooks/deeptrace" disabled={busy} aria-invalid={!!problems.url} aria-describedby={urlHelpId}
               onChange={(e) => onChange({ ...draft, url: e.target.value })} />
        <p id={urlHelpId} className={help(problems.url)} data-testid="webhook-url-help">
          {problems.url ?? 'An https:// address on the public Internet; DeepTrace POSTs a signed JSON event to it.'}
        </p>
      </div>
      <fieldset aria-describedby={eventsHelpId} disabled={busy}>
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <div className="space-y-1">
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5 h-4 w-4 accent-indigo-600" checked={draft.events.includes(event)}
                     onChange={(e) => onChange({ ...draft, events: toggleEvent(draft.events, event, e.target.checked) })} />
              <span><span className="font-mono">{event}</span> <span className={MUTED}>– {EVENT_HELP[event]}</span></span>
            </label>
          ))}
        </div>
        <p id={eventsHelpId} className={help(problems.events)} data-testid="webhook-events-help">
          {problems.events ?? 'The job events this endpoint hears about.'}
        </p>
      </fieldset>
      <div>
        <label htmlFor={descriptionId} className="mb-1 block text-sm font-medium">Description (optional)</label>
        <input id={descriptionId} className="field" value={draft.description} autoComplete="off" disabled={busy}
               aria-invalid={!!problems.description} aria-describedby={descriptionHelpId}
               onChange={(e) => onChange({ ...draft, description: e.target.value })} />
        <p id={descriptionHelpId} className={help(problems.description)} data-testid="webhook-description-help">
          {problems.description ?? `What it is for, such as "CI notifications"; at most ${MAX_DESCRIPTION_BYTES} bytes.`}
        </p>
      </div>
      {error ? <ErrorNotice error={error} title="Could not add the endpoint" /> : null}
      <button type="submit" className="btn-primary" disabled={busy || problems.blocking}>
        {busy ? 'Adding…' : 'Add endpoint'}
      </button>
    </form>
  );
}

// The signing secret, this once: after the endpoint was added, or its secret
// rotated. How to use it is one line, with the specification a click away.
export function IssuedSecretNotice({ issued, reason, onDone }: {
  issued: IssuedWebhook; reason: 'created' | 'rotated'; onDone: () => void;
}) {
  const titleId = useId();
  const warningId = useId();
  return (
    <section aria-labelledby={titleId} data-testid="issued-webhook-secret"
             className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100">
      <h3 id={titleId} className="break-all text-base font-semibold">
        {reason === 'created' ? 'Endpoint added' : 'New signing secret'}: {issued.url}
      </h3>
      <p id={warningId} className="font-medium" data-testid="issued-webhook-warning">
        Copy the signing secret now: this is the only time DeepTrace shows it.
        {reason === 'rotated' && (issued.previous_secret_expires_at
          ? ` The old secret keeps signing deliveries beside this one until ${formatDateTime(issued.previous_secret_expires_at)}: give this one to your receiver before then.`
          : ' The old secret no longer signs deliveries: give this one to your receiver.')}
      </p>
      <SecretField label="Signing secret" value={issued.secret} describedBy={warningId} noun="secret" testId="issued-webhook-secret-value" />
      <p data-testid="signature-hint">
        To check that a delivery came from DeepTrace, verify its <code>webhook-id</code>, <code>webhook-timestamp</code> and{' '}
        <code>webhook-signature</code> headers with this secret as{' '}
        <a className="link text-emerald-900 dark:text-emerald-100" href={STANDARD_WEBHOOKS_URL} target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>{' '}describes (its libraries do it for you).
      </p>
      <button type="button" className="btn-primary" onClick={onDone}>Done, I have copied it</button>
    </section>
  );
}

const DIALOG_TEXT = {
  delete: {
    title: (h: Webhook) => `Delete ${h.url}?`,
    body: 'DeepTrace stops sending events to this endpoint and forgets its delivery log. It cannot be undone.',
    confirm: 'Delete endpoint', busy: 'Deleting…', keep: 'Keep it', danger: true,
  },
  rotate: {
    title: (h: Webhook) => `Rotate the secret of ${h.url}?`,
    body: 'A new signing secret replaces the old one. The old one keeps signing deliveries beside it for a day, so '
      + 'your receiver can switch to the new one without refusing any.',
    confirm: 'Rotate secret', busy: 'Rotating…', keep: 'Keep the old secret', danger: false,
  },
} as const;

// Asks before a delete or a rotation, as DeleteJob and ApiKeys do: a
// ConfirmDialog that focuses the safe choice; Escape closes it. A rotation
// may stop the old secret at once, for one that leaked.
export function WebhookConfirmDialog({ kind, hook, onConfirm, onClose }: {
  kind: 'delete' | 'rotate'; hook: Webhook; onConfirm: (stopOldNow: boolean) => Promise<void>; onClose: () => void;
}) {
  const text = DIALOG_TEXT[kind];
  const [stopOldNow, setStopOldNow] = useState(false);
  const description = kind === 'delete' ? text.body : (
    <>
      <p>{text.body}</p>
      <label className="flex items-start gap-2">
        <input type="checkbox" className="mt-1" checked={stopOldNow} onChange={(e) => setStopOldNow(e.target.checked)}
               data-testid="webhook-stop-old-secret" />
        <span>The old secret leaked: stop it now. Deliveries fail, and are retried, until your receiver has the new one.</span>
      </label>
    </>
  );
  return (
    <ConfirmDialog testId={`webhook-${kind}-dialog`} title={text.title(hook)} description={description}
                   descriptionAs={kind === 'delete' ? 'p' : 'div'}
                   keepLabel={text.keep} confirmLabel={text.confirm} busyLabel={text.busy}
                   confirmClassName={text.danger ? 'btn-danger-solid' : 'btn-primary'} onConfirm={() => onConfirm(stopOldNow)}
                   onClose={onClose} />
  );
}
