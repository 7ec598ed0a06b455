import { describe, expect, it } from 'vitest';
import {
  EMPTY_WEBHOOK_DRAFT, INITIAL_WEBHOOKS_STATE, isSettled, newWebhookBody, POLL_DELAYS_MS, toggleEvent, validateDescription,
  validateEvents, validateWebhookUrl, webhooksReducer, webhookStatus, withoutSecret, type Delivery, type IssuedWebhook,
  type Webhook,
} from './webhooks';

const hook: Webhook = {
  id: 'wh_0123456789abcdef01234567', url: 'https://hooks.example.com/deeptrace', events: ['job.completed', 'job.failed', 'job.cancelled'],
  description: 'CI', enabled: true, disabled_reason: null, consecutive_failures: 0, previous_secret_expires_at: null,
  created_at: '2026-12-02T10:00:00Z', updated_at: '2026-12-02T10:00:00Z',
};
const issued: IssuedWebhook = { ...hook, id: 'wh_ffffffffffffffffffffffff', secret: 'whsec_c2VjcmV0IHNob3duIG9uY2U=' };
const delivery = (id: string, state: Delivery['state']): Delivery => ({
  id, event: 'webhook.test', job_id: null, state, attempts: 1, created_at: '2026-12-02T10:00:00Z', next_attempt_at: null,
  last_attempt_at: null, response_status: null, last_error: null,
});

describe('the new endpoint\'s checks', () => {
  it.each(['https://hooks.example.com/x', 'http://127.0.0.1:8123/hook', ' https://a.example/ '])('accepts %j (the server judges the host)', (url) => {
    expect(validateWebhookUrl(url)).toBeNull();
  });

  it('refuses what cannot be a webhook address, saying why', () => {
    expect(validateWebhookUrl('')).toMatch(/^Enter the address/);
    expect(validateWebhookUrl('hooks.example.com/x')).toMatch(/not a full web address/);
    expect(validateWebhookUrl('ftp://hooks.example.com/')).toBe('The address must start with https://.');
    expect(validateWebhookUrl('https://user:pw@hooks.example.com/')).toMatch(/user name and password/);
  });

  it('counts the description in UTF-8 bytes, as the server does', () => {
    expect(validateDescription('x'.repeat(256))).toBeNull();
    expect(validateDescription('x'.repeat(257))).toBe('The description is 257 bytes long; at most 256.');
    expect(validateDescription('é'.repeat(129))).toBe('The description is 258 bytes long; at most 256.');
  });

  it('needs at least one event, kept in the server\'s order', () => {
    expect(validateEvents([])).toBe('Choose at least one event.');
    expect(validateEvents(['job.failed'])).toBeNull();
    expect(toggleEvent(['job.cancelled'], 'job.completed', true)).toEqual(['job.completed', 'job.cancelled']);
    expect(toggleEvent(EMPTY_WEBHOOK_DRAFT.events, 'job.failed', false)).toEqual(['job.completed', 'job.cancelled']);
  });
});

describe('a new endpoint\'s request', () => {
  it('leaves out the defaults: every event, no description', () => {
    expect(newWebhookBody({ ...EMPTY_WEBHOOK_DRAFT, url: ' https://a.example/h ' })).toEqual({ url: 'https://a.example/h' });
  });

  it('sends fewer events and a description when chosen', () => {
    expect(newWebhookBody({ url: 'https://a.example/h', events: ['job.cancelled', 'job.failed'], description: 'pager' }))
      .toEqual({ url: 'https://a.example/h', events: ['job.failed', 'job.cancelled'], description: 'pager' });
  });
});

describe('an endpoint\'s status', () => {
  it('tells the owner\'s choice from the server giving up', () => {
    expect(webhookStatus(hook)).toEqual({ label: 'enabled', detail: null });
    expect(webhookStatus({ enabled: false, disabled_reason: 'disabled by its owner' })).toEqual({ label: 'disabled', detail: 'Disabled by its owner.' });
    expect(webhookStatus({ enabled: false, disabled_reason: 'HTTP 500' }))
      .toEqual({ label: 'disabled', detail: 'Disabled by DeepTrace after repeated failures: HTTP 500.' });
  });
});

describe('following a test event', () => {
  it('stops once that delivery has succeeded or failed, after about 20 s at most', () => {
    expect(isSettled([delivery('msg_a', 'pending')], 'msg_a')).toBe(false);
    expect(isSettled([delivery('msg_b', 'succeeded'), delivery('msg_a', 'pending')], 'msg_a')).toBe(false);
    expect(isSettled([delivery('msg_a', 'succeeded')], 'msg_a')).toBe(true);
    expect(isSettled([delivery('msg_a', 'failed')], 'msg_a')).toBe(true);
    expect(isSettled([], 'msg_a')).toBe(false);
    const total = POLL_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThan(30_000);
  });
});

describe('the Settings page\'s webhooks', () => {
  const listed = webhooksReducer(INITIAL_WEBHOOKS_STATE, { type: 'listed', hooks: [hook] });

  it('holds a new endpoint\'s secret until it is dismissed, and lists the endpoint without it', () => {
    const created = webhooksReducer(listed, { type: 'created', hook: issued });
    expect(created.issued).toEqual({ hook: issued, reason: 'created' });
    expect(created.hooks?.map((h) => h.id)).toEqual([hook.id, issued.id]);
    expect(JSON.stringify(created.hooks)).not.toContain('whsec_');
    const relisted = webhooksReducer(created, { type: 'listed', hooks: [hook, withoutSecret(issued)] });
    expect(relisted.issued?.hook.secret).toBe(issued.secret);
    expect(webhooksReducer(relisted, { type: 'dismiss-secret' }).issued).toBeNull();
  });

  it('shows a rotated secret with its endpoint and closes the confirmation', () => {
    const asked = webhooksReducer(listed, { type: 'ask', kind: 'rotate', hook });
    expect(asked.confirming).toEqual({ kind: 'rotate', hook });
    const rotated = webhooksReducer(asked, { type: 'rotated', hook: { ...hook, secret: 'whsec_bmV3' } });
    expect(rotated.confirming).toBeNull();
    expect(rotated.issued?.reason).toBe('rotated');
    expect(rotated.hooks).toEqual([hook]);
  });

  it('replaces a changed endpoint in place, and drops a deleted one with its secret', () => {
    const disabled = { ...hook, enabled: false, disabled_reason: 'disabled by its owner' };
    expect(webhooksReducer(listed, { type: 'updated', hook: disabled }).hooks).toEqual([disabled]);
    const created = webhooksReducer(listed, { type: 'created', hook: issued });
    const deleted = webhooksReducer(webhooksReducer(created, { type: 'ask', kind: 'delete', hook: issued }), { type: 'deleted', id: issued.id });
    expect(deleted).toEqual({ hooks: [hook], issued: null, confirming: null });
    expect(webhooksReducer(listed, { type: 'cancel-ask' }).confirming).toBeNull();
  });
});
