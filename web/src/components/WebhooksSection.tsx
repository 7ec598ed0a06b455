// Settings' "Webhooks" section (issue 17): the user's endpoints with their
// delivery logs, a form for a new one, its signing secret shown once, and the
// confirmations before a delete or a rotation. A server without webhooks
// (no /webhooks in its OpenAPI document) gets no section at all.
import { useCallback, useEffect, useId, useReducer, useRef, useState, type ReactNode } from 'react';
import { ApiError, api } from '../lib/api';
import {
  DELIVERY_LOG_SIZE, EMPTY_WEBHOOK_DRAFT, INITIAL_WEBHOOKS_STATE, isSettled, newWebhookBody, POLL_DELAYS_MS,
  validateWebhookUrl, webhooksReducer, type Delivery, type Webhook,
} from '../lib/webhooks';
import { useAuth } from './AuthContext';
import { ErrorNotice } from './ErrorNotice';
import { useCreateForm } from './useCreateForm';
import {
  DeliveriesLog, draftProblems, IssuedSecretNotice, NewWebhookForm, WebhookCard, WebhookConfirmDialog,
} from './Webhooks';

const MUTED = 'text-slate-600 dark:text-slate-400';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Report = (title: string, error: unknown) => void;

// What the last test event came to, in words (announced politely).
function testOutcome(d: Delivery | undefined): string {
  if (!d) return 'The test event is no longer in the log.';
  if (d.state === 'succeeded') return `The test event was delivered (HTTP ${d.response_status ?? '2xx'}).`;
  const why = d.last_error || (d.response_status ? `HTTP ${d.response_status}` : 'no answer');
  if (d.state === 'failed') return `The test event failed: ${why}.`;
  return d.attempts > 0 ? `The test event failed (${why}); DeepTrace tries again later. Refresh the log to follow it.`
    : 'The test event is still waiting to be sent. Refresh the log to follow it.';
}

// One endpoint with its own delivery log: loaded when opened, and followed
// for a few seconds after a test event until that delivery settles.
function WebhookItem({ hook, busy, onToggleEnabled, onAskRotate, onAskDelete, onChanged, report, notice }: {
  hook: Webhook; busy: boolean; onToggleEnabled: () => void; onAskRotate: () => void; onAskDelete: () => void;
  onChanged: () => void; report: Report; notice?: ReactNode;
}) {
  const { handleAuthError } = useAuth();
  const [open, setOpen] = useState(false);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [testing, setTesting] = useState(false);
  const [note, setNote] = useState('');
  const polling = useRef<object | null>(null);
  const panelId = useId();

  useEffect(() => () => { polling.current = null; }, []);

  const load = useCallback(async () => {
    try {
      const list = await api.webhookDeliveries(hook.id, DELIVERY_LOG_SIZE);
      setDeliveries(list);
      setLoadError(null);
      return list;
    } catch (e) {
      if (!handleAuthError(e)) setLoadError(e);
      return null;
    }
  }, [hook.id, handleAuthError]);

  useEffect(() => { if (open) void load(); }, [open, load]);

  async function sendTest() {
    setTesting(true);
    setNote('Sending a test event…');
    let queued: Delivery;
    try {
      queued = await api.testWebhook(hook.id);
    } catch (e) {
      setTesting(false);
      setNote('');
      report('Could not send a test event', e);
      return;
    }
    setOpen(true);
    setDeliveries((list) => [queued, ...(list ?? []).filter((d) => d.id !== queued.id)]);
    setNote('Test event queued; waiting for the endpoint to answer…');
    const token = {};
    polling.current = token;
    let last: Delivery[] | null = null;
    for (const wait of POLL_DELAYS_MS) {
      await sleep(wait);
      if (polling.current !== token) return; // gone, or another test took over
      last = (await load()) ?? last;
      if (last && isSettled(last, queued.id)) break;
    }
    if (polling.current !== token) return;
    polling.current = null;
    setTesting(false);
    setNote(testOutcome((last ?? [queued]).find((d) => d.id === queued.id)));
    onChanged(); // its failure count, or the server disabling it
  }

  return (
    <WebhookCard hook={hook} busy={busy} testing={testing} deliveriesOpen={open} deliveriesId={panelId}
                 onTest={() => void sendTest()} onToggleEnabled={onToggleEnabled} onRotate={onAskRotate} onDelete={onAskDelete}
                 onToggleDeliveries={() => setOpen((o) => !o)} testStatus={note} notice={notice}>
      <div id={panelId} hidden={!open} className="space-y-2" data-testid="webhook-deliveries">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="text-sm font-semibold">Deliveries, newest first</h3>
          <button type="button" className="btn-secondary py-1" onClick={() => void load()} aria-label={`Refresh deliveries to ${hook.url}`}>
            Refresh
          </button>
        </div>
        {loadError ? <ErrorNotice error={loadError} title="Could not load the deliveries" /> : null}
        {deliveries ? <DeliveriesLog deliveries={deliveries} />
          : !loadError && open && <p className={`text-sm ${MUTED}`}>Loading…</p>}
      </div>
    </WebhookCard>
  );
}

export function WebhooksSection() {
  const { handleAuthError } = useAuth();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [state, dispatch] = useReducer(webhooksReducer, INITIAL_WEBHOOKS_STATE);
  const [listError, setListError] = useState<{ title: string; error: unknown } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.hasWebhooks().then((yes) => { if (live) setAvailable(yes); });
    return () => { live = false; };
  }, []);

  const load = useCallback(async () => {
    try {
      dispatch({ type: 'listed', hooks: await api.webhooks() });
      setListError(null);
    } catch (e) {
      if (!handleAuthError(e)) setListError({ title: 'Could not load your webhook endpoints', error: e });
    }
  }, [handleAuthError]);

  useEffect(() => { if (available) void load(); }, [available, load]);

  const report: Report = useCallback((title, error) => {
    if (handleAuthError(error)) return;
    setListError({ title, error });
    // WEBHOOK_NOT_FOUND: deleted elsewhere already; the list shows what is left.
    if (error instanceof ApiError && error.code === 'WEBHOOK_NOT_FOUND') void load();
  }, [handleAuthError, load]);

  const { draft, setDraft, tried, creating, error: createError, create } = useCreateForm({
    empty: EMPTY_WEBHOOK_DRAFT,
    invalid: (d) => validateWebhookUrl(d.url) || draftProblems(d, true).blocking,
    submit: (d) => api.createWebhook(newWebhookBody(d)),
    onCreated: (hook) => {
      dispatch({ type: 'created', hook });
      void load();
    },
    onAuthError: handleAuthError,
  });

  async function toggleEnabled(hook: Webhook) {
    setBusyId(hook.id);
    try {
      dispatch({ type: 'updated', hook: await api.updateWebhook(hook.id, { enabled: !hook.enabled }) });
      setListError(null);
    } catch (e) {
      report(hook.enabled ? 'Could not disable the endpoint' : 'Could not enable the endpoint', e);
    } finally {
      setBusyId(null);
    }
  }

  async function confirmed(kind: 'delete' | 'rotate', hook: Webhook, stopOldNow: boolean) {
    try {
      if (kind === 'delete') {
        await api.deleteWebhook(hook.id);
        dispatch({ type: 'deleted', id: hook.id });
      } else {
        dispatch({ type: 'rotated', hook: await api.rotateWebhookSecret(hook.id, stopOldNow) });
      }
      setListError(null);
    } catch (e) {
      report(kind === 'delete' ? 'Could not delete the endpoint' : 'Could not rotate the secret', e);
    }
  }

  if (!available) return null;
  const issued = state.issued;
  return (
    <>
      <section aria-labelledby="webhooks-title" className="card space-y-4" aria-busy={!state.hooks} data-testid="webhooks-section">
        <div>
          <h2 id="webhooks-title" className="h2">Webhooks</h2>
          <p className={`text-sm ${MUTED}`}>
            DeepTrace tells these addresses when one of your jobs completes, fails or is cancelled, with a signed POST,
            so that your programs need not poll.
          </p>
        </div>
        {listError && <ErrorNotice error={listError.error} title={listError.title} />}
        {state.hooks ? (
          state.hooks.length === 0
            ? <p className={`text-sm ${MUTED}`} data-testid="webhooks-empty">No webhook endpoints.</p>
            : (
              <ul className="space-y-3" aria-label="Webhook endpoints">
                {state.hooks.map((hook) => (
                  <WebhookItem key={hook.id} hook={hook} busy={busyId === hook.id} report={report} onChanged={() => void load()}
                               onToggleEnabled={() => void toggleEnabled(hook)}
                               onAskRotate={() => dispatch({ type: 'ask', kind: 'rotate', hook })}
                               onAskDelete={() => dispatch({ type: 'ask', kind: 'delete', hook })}
                               notice={issued?.reason === 'rotated' && issued.hook.id === hook.id && (
                                 <IssuedSecretNotice key={issued.hook.secret} issued={issued.hook} reason="rotated"
                                                     onDone={() => dispatch({ type: 'dismiss-secret' })} />
                               )} />
                ))}
              </ul>
            )
        ) : !listError && <p className={`text-sm ${MUTED}`} role="status">Loading…</p>}
      </section>
      <section aria-labelledby="new-webhook-title" className="card space-y-4 print:hidden">
        <h2 id="new-webhook-title" className="h2">New webhook endpoint</h2>
        {issued?.reason === 'created' && (
          <IssuedSecretNotice key={issued.hook.id} issued={issued.hook} reason="created"
                              onDone={() => dispatch({ type: 'dismiss-secret' })} />
        )}
        <NewWebhookForm draft={draft} tried={tried} busy={creating} error={createError}
                        onChange={setDraft} onSubmit={() => void create()} />
      </section>
      {state.confirming && (
        <WebhookConfirmDialog key={`${state.confirming.kind}-${state.confirming.hook.id}`} kind={state.confirming.kind}
                              hook={state.confirming.hook} onConfirm={(stopOldNow) => confirmed(state.confirming!.kind, state.confirming!.hook, stopOldNow)}
                              onClose={() => dispatch({ type: 'cancel-ask' })} />
      )}
    </>
  );
}
