// A user's webhook endpoints (/api/v1/webhooks, docs/webhooks.md): their
// shapes, the form's checks, the delivery log's polling and the Settings
// section's state. A signing secret lives in `issued` alone, so the section
// shows it once (after a create or a rotation) and then forgets it.

export const WEBHOOK_EVENTS = ['job.completed', 'job.failed', 'job.cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const EVENT_HELP: Record<WebhookEvent, string> = {
  'job.completed': 'a job finished with a report',
  'job.failed': 'a job failed',
  'job.cancelled': 'a job was cancelled',
};

export const STANDARD_WEBHOOKS_URL = 'https://www.standardwebhooks.com';

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
  disabled_reason: string | null; // set while disabled: "disabled by its owner", "HTTP 500", "timed out"…
  consecutive_failures: number;
  // After a rotation, until when the old secret still signs beside the new
  // one (webhook-signature carries both); null once it no longer does.
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
  links?: Record<string, string>;
}

// POST /webhooks and POST …/rotate-secret: the endpoint plus its secret,
// sent only then.
export interface IssuedWebhook extends Webhook {
  secret: string;
}

export type DeliveryState = 'pending' | 'succeeded' | 'failed';

export interface Delivery {
  id: string; // the webhook-id header, the same on every attempt
  event: string; // one of WEBHOOK_EVENTS, or webhook.test
  job_id: string | null;
  state: DeliveryState;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  response_status: number | null;
  last_error: string | null;
}

export interface NewWebhookBody {
  url: string;
  events?: WebhookEvent[];
  description?: string;
}

export interface WebhookPatch {
  url?: string;
  events?: WebhookEvent[];
  description?: string;
  enabled?: boolean;
}

export interface WebhookDraft {
  url: string;
  events: WebhookEvent[];
  description: string;
}

export const EMPTY_WEBHOOK_DRAFT: WebhookDraft = { url: '', events: [...WEBHOOK_EVENTS], description: '' };

// The server's rules (src/api/webhook_handlers.cpp): at most 256 bytes of
// description (UTF-8), a non-empty subset of the events.
export const MAX_DESCRIPTION_BYTES = 256;

// What can be told before anything is sent; the server checks the rest (a
// private or loopback address, an allowlist) and says why in its 400.
export function validateWebhookUrl(url: string): string | null {
  const text = url.trim();
  if (text === '') return 'Enter the address DeepTrace should send events to, such as https://example.com/hooks/deeptrace.';
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return 'This is not a full web address: start it with https://.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The address must start with https://.';
  if (parsed.username || parsed.password) return 'Leave the user name and password out of the address.';
  return null;
}

export function descriptionBytes(description: string): number {
  return new TextEncoder().encode(description).length;
}

export function validateDescription(description: string): string | null {
  const bytes = descriptionBytes(description);
  return bytes > MAX_DESCRIPTION_BYTES ? `The description is ${bytes} bytes long; at most ${MAX_DESCRIPTION_BYTES}.` : null;
}

export function validateEvents(events: readonly string[]): string | null {
  return events.length === 0 ? 'Choose at least one event.' : null;
}

// Events in the server's order, whatever order they were ticked in.
export function toggleEvent(events: readonly WebhookEvent[], event: WebhookEvent, on: boolean): WebhookEvent[] {
  return WEBHOOK_EVENTS.filter((e) => (e === event ? on : events.includes(e)));
}

// All events is the server's default: sent as such only when fewer are chosen.
export function newWebhookBody(draft: WebhookDraft): NewWebhookBody {
  const body: NewWebhookBody = { url: draft.url.trim() };
  if (draft.events.length !== WEBHOOK_EVENTS.length) body.events = WEBHOOK_EVENTS.filter((e) => draft.events.includes(e));
  if (draft.description !== '') body.description = draft.description;
  return body;
}

// The endpoint's status, for its badge and the sentence beside it.
export function webhookStatus(hook: Pick<Webhook, 'enabled' | 'disabled_reason'>): { label: string; detail: string | null } {
  if (hook.enabled) return { label: 'enabled', detail: null };
  const reason = hook.disabled_reason || 'no reason given';
  if (reason === 'disabled by its owner') return { label: 'disabled', detail: 'Disabled by its owner.' };
  return { label: 'disabled', detail: `Disabled by DeepTrace after repeated failures: ${reason}.` };
}

// After "Send test event": look again after these waits (about 20 s in
// all) until the test delivery has succeeded or failed. A failed attempt is
// retried later (5 s first, by default); the log's Refresh button is there
// for what comes after.
export const POLL_DELAYS_MS = [400, 800, 1200, 1600, 2000, 3000, 4000, 7000] as const;

export function isSettled(deliveries: readonly Delivery[], id: string): boolean {
  const d = deliveries.find((x) => x.id === id);
  return !!d && d.state !== 'pending';
}

export const DELIVERY_LOG_SIZE = 20;

export interface WebhooksState {
  hooks: Webhook[] | null; // null while the first list loads
  issued: { hook: IssuedWebhook; reason: 'created' | 'rotated' } | null;
  confirming: { kind: 'delete' | 'rotate'; hook: Webhook } | null;
}

export type WebhooksAction =
  | { type: 'listed'; hooks: Webhook[] }
  | { type: 'created'; hook: IssuedWebhook }
  | { type: 'rotated'; hook: IssuedWebhook }
  | { type: 'updated'; hook: Webhook }
  | { type: 'dismiss-secret' }
  | { type: 'ask'; kind: 'delete' | 'rotate'; hook: Webhook }
  | { type: 'cancel-ask' }
  | { type: 'deleted'; id: string };

export const INITIAL_WEBHOOKS_STATE: WebhooksState = { hooks: null, issued: null, confirming: null };

export function withoutSecret({ secret: _secret, ...hook }: IssuedWebhook): Webhook {
  return hook;
}

function replace(hooks: Webhook[] | null, hook: Webhook): Webhook[] {
  const list = hooks ?? [];
  return list.some((h) => h.id === hook.id) ? list.map((h) => (h.id === hook.id ? hook : h)) : [...list, hook];
}

export function webhooksReducer(state: WebhooksState, action: WebhooksAction): WebhooksState {
  switch (action.type) {
    case 'listed':
      return { ...state, hooks: action.hooks };
    case 'created':
      return { ...state, issued: { hook: action.hook, reason: 'created' }, hooks: replace(state.hooks, withoutSecret(action.hook)) };
    case 'rotated':
      return { ...state, issued: { hook: action.hook, reason: 'rotated' }, hooks: replace(state.hooks, withoutSecret(action.hook)),
               confirming: null };
    case 'updated':
      return { ...state, hooks: replace(state.hooks, action.hook) };
    case 'dismiss-secret':
      return { ...state, issued: null };
    case 'ask':
      return { ...state, confirming: { kind: action.kind, hook: action.hook } };
    case 'cancel-ask':
      return { ...state, confirming: null };
    case 'deleted':
      return { hooks: state.hooks?.filter((h) => h.id !== action.id) ?? null, confirming: null,
               issued: state.issued?.hook.id === action.id ? null : state.issued };
  }
}
