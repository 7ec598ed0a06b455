// Settings' webhooks (issue 17): an endpoint's card and actions, its delivery
// log, the new-endpoint form's checks, the secret shown once with how to
// verify a signature, and the confirmations before a delete or a rotation.
import { renderToStaticMarkup } from 'react-dom/server';
import { StaticRouter } from 'react-router-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { EMPTY_WEBHOOK_DRAFT, type Delivery, type IssuedWebhook, type Webhook, type WebhookDraft } from '../lib/webhooks';
import { part, textOf } from '../test/markup';
import { DeliveriesLog, IssuedSecretNotice, NewWebhookForm, WebhookCard, WebhookConfirmDialog } from './Webhooks';

const hook: Webhook = {
  id: 'wh_0123456789abcdef01234567', url: 'https://hooks.example.com/deeptrace', events: ['job.completed', 'job.failed', 'job.cancelled'],
  description: 'CI notifications', enabled: true, disabled_reason: null, consecutive_failures: 0, previous_secret_expires_at: null,
  created_at: '2026-12-02T10:00:00Z', updated_at: '2026-12-02T10:00:00Z',
};
const failing: Webhook = { ...hook, id: 'wh_ffffffffffffffffffffffff', description: '', events: ['job.failed'], enabled: false,
                           disabled_reason: 'HTTP 500', consecutive_failures: 4 };
const issued: IssuedWebhook = { ...hook, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

const succeeded: Delivery = {
  id: 'msg_2b1c', event: 'job.completed', job_id: 'job-7f3a', state: 'succeeded', attempts: 2, created_at: '2026-12-02T10:00:00Z',
  next_attempt_at: null, last_attempt_at: '2026-12-02T10:00:06Z', response_status: 204, last_error: null,
};
const pending: Delivery = {
  id: 'msg_9e0d', event: 'webhook.test', job_id: null, state: 'pending', attempts: 1, created_at: '2026-12-02T10:01:00Z',
  next_attempt_at: '2026-12-02T10:01:05Z', last_attempt_at: '2026-12-02T10:01:00Z', response_status: 500, last_error: 'HTTP 500',
};

function card(h: Webhook, open = false) {
  return renderToStaticMarkup(
    <WebhookCard hook={h} busy={false} deliveriesOpen={open} deliveriesId="log-1" onTest={() => {}} onToggleEnabled={() => {}}
                 onRotate={() => {}} onDelete={() => {}} onToggleDeliveries={() => {}} />,
  );
}

function form(draft: WebhookDraft, tried = false, error: unknown = null) {
  return renderToStaticMarkup(<NewWebhookForm draft={draft} tried={tried} busy={false} error={error} onChange={() => {}} onSubmit={() => {}} />);
}

function buttons(html: string): string[] {
  return [...html.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((m) => textOf(m[1]));
}

describe('an endpoint\'s card', () => {
  it('shows its URL, status, description, events, failures and id', () => {
    const html = card(hook);
    expect(textOf(html)).toMatch(/^https:\/\/hooks\.example\.com\/deeptrace enabled CI notifications Events job\.completed job\.failed job\.cancelled Failures in a row 0 Created .*2026.* ID wh_0123456789abcdef01234567/);
    expect(part(html, 'webhook-status')).toBe('enabled');
    expect(html).not.toContain('data-testid="webhook-disabled-reason"');
  });

  it('names the endpoint on every action, and asks before a rotation or a delete', () => {
    const html = card(hook);
    expect(buttons(html)).toEqual(['Send test event', 'Disable', 'Rotate secret', 'Delete', '▸ Deliveries']);
    for (const label of ['Send test event to', 'Disable', 'Rotate secret of', 'Delete', 'Deliveries to']) {
      expect(html).toContain(`aria-label="${label} https://hooks.example.com/deeptrace"`);
    }
    expect(html.match(/aria-haspopup="dialog"/g)).toHaveLength(2);
    expect(html).toContain('aria-expanded="false" aria-controls="log-1"');
    expect(card(hook, true)).toContain('aria-expanded="true" aria-controls="log-1"');
  });

  it('says why a disabled endpoint was disabled, offers Enable, and no test event until then', () => {
    const html = card(failing);
    expect(part(html, 'webhook-status')).toBe('disabled');
    expect(part(html, 'webhook-disabled-reason')).toBe('Disabled by DeepTrace after repeated failures: HTTP 500.');
    expect(part(html, 'webhook-failures')).toBe('4');
    expect(buttons(html)).toContain('Enable');
    expect(html).toMatch(/<button type="button" class="btn-secondary py-1" disabled="" aria-label="Send test event to [^"]+" aria-describedby="[^"]+"/);
    expect(textOf(html)).toContain('Enable the endpoint to send it a test event.');
    expect(html).not.toContain('data-testid="webhook-description"');
    const byOwner = card({ ...failing, disabled_reason: 'disabled by its owner' });
    expect(part(byOwner, 'webhook-disabled-reason')).toBe('Disabled by its owner.');
  });
});

describe('an endpoint\'s test event and rotated secret', () => {
  it('announces what the test event came to under the actions, then the new secret, then the log\'s toggle', () => {
    const quiet = card(hook);
    expect(quiet).toMatch(/<p role="status" class="text-sm sr-only" data-testid="webhook-test-status"><\/p>/);
    const html = renderToStaticMarkup(
      <WebhookCard hook={hook} busy={false} testing testStatus="The test event was delivered (HTTP 204)." deliveriesOpen deliveriesId="log-1"
                   notice={<IssuedSecretNotice issued={issued} reason="rotated" onDone={() => {}} />}
                   onTest={() => {}} onToggleEnabled={() => {}} onRotate={() => {}} onDelete={() => {}} onToggleDeliveries={() => {}}>
        <div id="log-1">the log</div>
      </WebhookCard>,
    );
    expect(part(html, 'webhook-test-status')).toBe('The test event was delivered (HTTP 204).');
    expect(textOf(html)).toMatch(/Delete The test event was delivered \(HTTP 204\)\. New signing secret: .* Done, I have copied it ▾ Deliveries the log$/);
    expect(html).toMatch(/<button type="button" class="btn-secondary py-1" disabled="" aria-label="Send test event to/); // while it is followed
  });
});

describe('the delivery log', () => {
  const html = renderToStaticMarkup(<StaticRouter location="/settings"><DeliveriesLog deliveries={[pending, succeeded]} /></StaticRouter>);

  it('lists deliveries newest first with state, event, job, attempts, response, error and times', () => {
    const rows = html.split('data-testid="delivery-row"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</tr>')[0]));
    expect(rows[0]).toMatch(/^pending webhook\.test — 1 500 HTTP 500 Created: .* Last attempt: .* Next attempt: .*$/);
    expect(rows[1]).toMatch(/^succeeded job\.completed job-7f3a 2 204 — Created: .* Last attempt: .*$/);
    expect(rows[1]).not.toContain('Next attempt');
    expect(textOf(html.split('<tbody>')[0])).toContain('State Event Job Attempts Response Last error Times');
  });

  it('links a delivery to its job, and labels every value on a phone\'s card', () => {
    expect(html).toContain('href="/jobs/job-7f3a"');
    expect(part(html, 'delivery-cards')).toMatch(/^pending webhook\.test Job — Attempts 1 Response 500 Last error HTTP 500 Created/);
    expect(html.match(/data-testid="delivery-state"/g)).toHaveLength(4); // table and phone card
  });

  it('says so when there is nothing yet', () => {
    expect(textOf(renderToStaticMarkup(<DeliveriesLog deliveries={[]} />))).toBe('No deliveries yet. Send a test event to see one here.');
  });
});

describe('the new-endpoint form', () => {
  it('starts with every event ticked and the rules as hints, not errors', () => {
    const html = form(EMPTY_WEBHOOK_DRAFT);
    expect(html.match(/type="checkbox"[^>]*checked=""/g)).toHaveLength(3);
    expect(textOf(html)).toMatch(/Endpoint URL .* Events job\.completed – a job finished with a report job\.failed – a job failed job\.cancelled – a job was cancelled/);
    expect(part(html, 'webhook-url-help')).toMatch(/^An https:\/\/ address on the public Internet/);
    expect(html).toContain('<legend');
    expect(html).not.toContain('aria-invalid="true"');
    expect(html).not.toMatch(/<button type="submit"[^>]*disabled/);
  });

  it('explains a bad URL as it is typed, an empty one once Add was tried, and no events; none can be sent', () => {
    const cases: [WebhookDraft, boolean, string, RegExp][] = [
      [{ ...EMPTY_WEBHOOK_DRAFT, url: 'hooks.example.com' }, false, 'webhook-url-help', /not a full web address/],
      [{ ...EMPTY_WEBHOOK_DRAFT, url: 'https://a.example/', events: [] }, false, 'webhook-events-help', /Choose at least one event/],
      [{ ...EMPTY_WEBHOOK_DRAFT, url: 'https://a.example/', description: 'x'.repeat(300) }, false, 'webhook-description-help', /300 bytes long; at most 256/],
    ];
    for (const [draft, tried, help, message] of cases) {
      const html = form(draft, tried);
      expect(part(html, help)).toMatch(message);
      expect(html).toMatch(/<button type="submit"[^>]*disabled/);
    }
    const empty = form(EMPTY_WEBHOOK_DRAFT, true);
    expect(part(empty, 'webhook-url-help')).toMatch(/^Enter the address/);
    expect(empty).toContain('aria-invalid="true"');
  });

  it('shows the server\'s refusal of a private address with its code', () => {
    const error = new ApiError(400, 'INVALID_REQUEST', "webhook url: 'https://10.0.0.8/' is a private address");
    expect(textOf(form({ ...EMPTY_WEBHOOK_DRAFT, url: 'https://10.0.0.8/' }, true, error)))
      .toMatch(/Could not add the endpoint INVALID_REQUEST The request was not valid\. Server said: webhook url: 'https:\/\/10\.0\.0\.8\/' is a private address/);
  });
});

describe('the signing secret', () => {
  it('is shown once, read-only with a Copy button, with a hint on verifying signatures', () => {
    const html = renderToStaticMarkup(<IssuedSecretNotice issued={issued} reason="created" onDone={() => {}} />);
    expect(html).toMatch(/<input id="[^"]+" readonly="" aria-describedby="[^"]+"[^>]* value="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"/);
    expect(html.split(issued.secret)).toHaveLength(2);
    const text = textOf(html);
    expect(text).toContain('Endpoint added: https://hooks.example.com/deeptrace');
    expect(text).toContain('Copy the signing secret now: this is the only time DeepTrace shows it.');
    expect(part(html, 'signature-hint')).toMatch(/verify its webhook-id , webhook-timestamp and webhook-signature headers with this secret as Standard Webhooks describes/);
    expect(html).toContain('href="https://www.standardwebhooks.com"');
    expect(text).toMatch(/Signing secret Copy .*Done, I have copied it$/);
    expect(html).toContain('role="status"');
  });

  it('after a rotation, says until when the old secret still signs, or that it no longer does', () => {
    const kept = { ...issued, previous_secret_expires_at: '2026-12-03T10:00:00Z' };
    const keptText = textOf(renderToStaticMarkup(<IssuedSecretNotice issued={kept} reason="rotated" onDone={() => {}} />));
    expect(keptText).toContain('New signing secret: https://hooks.example.com/deeptrace');
    expect(keptText).toMatch(/The old secret keeps signing deliveries beside this one until .*2026.*: give this one to your receiver before then\./);
    const text = textOf(renderToStaticMarkup(<IssuedSecretNotice issued={issued} reason="rotated" onDone={() => {}} />));
    expect(text).toContain('The old secret no longer signs deliveries');
  });

  it('shows on the card until when the old secret also signs, and nothing once it no longer does', () => {
    const kept = card({ ...hook, previous_secret_expires_at: '2026-12-03T10:00:00Z' });
    expect(part(kept, 'webhook-previous-secret')).toMatch(/^signs too until .*2026/);
    expect(card(hook)).not.toContain('webhook-previous-secret');
  });
});

describe('the confirmations', () => {
  const dialog = (kind: 'delete' | 'rotate') =>
    renderToStaticMarkup(<WebhookConfirmDialog kind={kind} hook={hook} onConfirm={async () => {}} onClose={() => {}} />);

  it('names the endpoint before a delete, says it cannot be undone, the safe choice first', () => {
    const html = dialog('delete');
    expect(html).toMatch(/^<dialog aria-labelledby="[^"]+" aria-describedby="[^"]+"/);
    expect(textOf(html)).toMatch(/^Delete https:\/\/hooks\.example\.com\/deeptrace\? .* It cannot be undone\. Keep it Delete endpoint$/);
    expect(html).toContain('btn-danger-solid');
  });

  it('says before a rotation that the old secret signs for a day, and offers to stop it now', () => {
    const html = dialog('rotate');
    expect(textOf(html)).toMatch(/^Rotate the secret of https:\/\/hooks\.example\.com\/deeptrace\? A new signing secret replaces the old one\. The old one keeps signing deliveries beside it for a day.* The old secret leaked: stop it now\..* Keep the old secret Rotate secret$/);
    expect(html).toMatch(/<input type="checkbox"[^>]*data-testid="webhook-stop-old-secret"/);
    expect(html).not.toMatch(/data-testid="webhook-stop-old-secret"[^>]*checked/);
    expect(dialog('delete')).not.toContain('webhook-stop-old-secret');
  });
});
