// Settings' API keys (issue 17): the list, the new-key form's checks, the
// secret shown once, and the confirmation before a revoke.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import type { ApiKeyInfo, IssuedKey } from '../lib/keys';
import { part, textOf } from '../test/markup';
import { IssuedKeyNotice, KeysList, NewKeyForm, RevokeKeyDialog, type NewKeyDraft } from './ApiKeys';

const now = Date.parse('2026-12-02T12:00:00Z');
const browserKey: ApiKeyInfo = { id: 'a1b2c3d4e5f60718', name: '', created_at: '2026-11-01T09:00:00Z', expires_at: null,
                                 last_used_at: '2026-12-02T11:59:00Z', current: true };
const ciKey: ApiKeyInfo = { id: 'ffeeddccbbaa9988', name: 'CI pipeline', created_at: '2026-11-02T09:00:00Z',
                            expires_at: '2026-12-01T00:00:00Z', last_used_at: null, current: false };
const issued: IssuedKey = { ...ciKey, expires_at: null, key: 'dt_0123456789abcdef' };

function rows(html: string): string[] {
  return html.split('data-testid="key-row"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</tr>')[0]));
}

function form(draft: NewKeyDraft, tried = false, error: unknown = null) {
  return renderToStaticMarkup(<NewKeyForm draft={draft} tried={tried} busy={false} error={error} onChange={() => {}} onSubmit={() => {}} />);
}

describe('the list of keys', () => {
  const html = renderToStaticMarkup(<KeysList keys={[browserKey, ciKey]} onRevoke={() => {}} now={now} />);

  it('shows each key with its name, id, times and badges, oldest first', () => {
    const [first, second] = rows(html);
    expect(first).toMatch(/^\(unnamed\) this browser a1b2c3d4e5f60718 .*2026.* never .*2026.* Revoke$/);
    expect(second).toMatch(/^CI pipeline expired ffeeddccbbaa9988 .*2026.* .*2026.* never Revoke$/);
    expect(textOf(html.split('<tbody>')[0])).toContain('Name ID Created Expires Last used Actions');
    expect(html.match(/data-testid="key-current"/g)).toHaveLength(2); // table and phone card
  });

  it('labels every value on a phone\'s card, and names the key on each Revoke', () => {
    expect(part(html, 'key-cards')).toMatch(/^\(unnamed\) this browser ID a1b2c3d4e5f60718 Created .* Expires never Last used .* Revoke/);
    expect(html).toContain('aria-label="Revoke (unnamed)"');
    expect(html).toContain('aria-label="Revoke CI pipeline"');
    expect(html).toMatch(/<button type="button" class="btn-danger py-1" aria-haspopup="dialog"/);
  });

  it('says so when there are none', () => {
    expect(textOf(renderToStaticMarkup(<KeysList keys={[]} onRevoke={() => {}} />))).toBe('No keys.');
  });
});

describe('the new-key form', () => {
  it('starts with the rule as a hint, not an error', () => {
    const html = form({ name: '', days: 90 });
    expect(part(html, 'key-name-help')).toBe('What the key is for, such as "CI pipeline": 1 to 64 plain ASCII characters.');
    expect(html).toContain('aria-invalid="false"');
    expect(html).toMatch(/<option value="90" selected="">In 90 days<\/option>/);
    expect(textOf(html)).toContain('Never In 7 days In 30 days In 90 days');
    expect(html).not.toMatch(/<button type="submit"[^>]*disabled/);
  });

  it('explains a bad name as it is typed, and an empty one once Create was tried; neither can be sent', () => {
    for (const [name, tried, message] of [['tab\there', false, /plain ASCII only/], ['x'.repeat(65), false, /65 characters long; at most 64/],
      ['', true, /Give the key a name/]] as const) {
      const html = form({ name, days: 0 }, tried);
      expect(part(html, 'key-name-help')).toMatch(message);
      expect(html).toContain('aria-invalid="true"');
      expect(html).toMatch(/<button type="submit"[^>]*disabled/);
    }
  });

  it('shows a refusal from the server with its code', () => {
    const error = new ApiError(400, 'INVALID_REQUEST', "'expires_at' must be in the future and at most 5 years away");
    expect(textOf(form({ name: 'ok', days: 0 }, true, error)))
      .toMatch(/Could not create the key INVALID_REQUEST The request was not valid\. Server said: 'expires_at' must be in the future/);
  });
});

describe('a new key\'s secret', () => {
  it('is shown read-only with a Copy button and a plain warning that it will not be shown again', () => {
    const html = renderToStaticMarkup(<IssuedKeyNotice issued={issued} onDone={() => {}} />);
    expect(html).toMatch(/<input id="[^"]+" readonly="" aria-describedby="[^"]+"[^>]* value="dt_0123456789abcdef"\/>/);
    expect(html.split('dt_0123456789abcdef')).toHaveLength(2); // in that field alone
    const text = textOf(html);
    expect(text).toContain('Key “CI pipeline” created');
    expect(text).toContain('Copy it now: this is the only time DeepTrace shows it.');
    expect(text).toMatch(/Secret key Copy .*Done, I have copied it$/);
    expect(html).toContain('role="status"'); // where "Copied" is announced
  });
});

describe('the revoke confirmation', () => {
  it('names the key and says it cannot be undone; the safe choice first', () => {
    const html = renderToStaticMarkup(<RevokeKeyDialog apiKey={ciKey} onConfirm={async () => {}} onClose={() => {}} />);
    expect(html).toMatch(/^<dialog aria-labelledby="[^"]+" aria-describedby="[^"]+"/);
    const text = textOf(html);
    expect(text).toContain('Revoke CI pipeline?');
    expect(text).toContain('Anything that uses this key is refused from now on. It cannot be undone.');
    expect(text).not.toContain('signs you out');
    expect(text.indexOf('Keep it')).toBeLessThan(text.indexOf('Revoke key'));
  });

  it('warns that revoking this browser\'s own key signs it out', () => {
    const text = textOf(renderToStaticMarkup(<RevokeKeyDialog apiKey={browserKey} onConfirm={async () => {}} onClose={() => {}} />));
    expect(text).toContain('Revoke (unnamed)?');
    expect(text).toContain('This browser is signed in with this key: revoking it signs you out here at once.');
    expect(text).toMatch(/Keep it Revoke and sign out$/);
  });
});
