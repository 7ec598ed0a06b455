// The job page's share links (issue 17): the expiry choice, the new link's
// address shown once, the list of links and the confirmation before a revoke.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import type { IssuedShare, ShareLink } from '../lib/shares';
import { part, textOf } from '../test/markup';
import { IssuedShareNotice, NewShareForm, RevokeShareDialog, ShareLinksList } from './ShareLinks';

const now = Date.parse('2026-12-02T12:00:00Z');
const TOKEN = `dtshr_${'cd'.repeat(32)}`;
const weekLink: ShareLink = { id: '0123456789abcdef', job_id: 'j1', created_at: '2026-12-01T09:00:00Z',
                              expires_at: '2026-12-08T09:00:00Z', expired: false };
const lapsedLink: ShareLink = { id: 'fedcba9876543210', job_id: 'j1', created_at: '2026-11-01T09:00:00Z',
                                expires_at: '2026-11-02T09:00:00Z', expired: true };
const openLink: ShareLink = { id: '00112233aabbccdd', job_id: 'j1', created_at: '2026-12-02T11:00:00Z', expires_at: null, expired: false };
const issued: IssuedShare = { ...openLink, token: TOKEN, url: `/shared/${TOKEN}`, api_url: `/api/v1/shared/${TOKEN}` };

function rows(html: string): string[] {
  return html.split('data-testid="share-link"').slice(1).map((chunk) => textOf(`<x ${chunk}`.split('</li>')[0]));
}

describe('the new-link form', () => {
  it('offers the expiries, a week chosen, and a Create button', () => {
    const html = renderToStaticMarkup(<NewShareForm days={7} busy={false} error={null} onChange={() => {}} onSubmit={() => {}} />);
    expect(textOf(html)).toBe('Link expires In 1 day In 7 days In 30 days Never Create link');
    expect(html).toMatch(/<option value="7" selected="">In 7 days<\/option>/);
    expect(html).not.toMatch(/<button type="submit"[^>]*disabled/);
  });

  it('shows a refusal from the server with its code', () => {
    const error = new ApiError(400, 'INVALID_REQUEST', "only a completed job's report can be shared");
    const text = textOf(renderToStaticMarkup(<NewShareForm days={0} busy={false} error={error} onChange={() => {}} onSubmit={() => {}} />));
    expect(text).toMatch(/Could not create the link INVALID_REQUEST .*Server said: only a completed job's report can be shared/);
  });
});

describe('a new link', () => {
  it('is shown once, whole, read-only with a Copy button and a plain warning', () => {
    const html = renderToStaticMarkup(<IssuedShareNotice issued={issued} origin="https://dt.example" onDone={() => {}} />);
    expect(html).toMatch(new RegExp(`<input id="[^"]+" readonly="" aria-describedby="[^"]+"[^>]* value="https://dt.example/shared/${TOKEN}"/>`));
    expect(html.split(TOKEN)).toHaveLength(2); // in that field alone
    expect(part(html, 'issued-share-warning'))
      .toBe('Copy it now: this is the only time DeepTrace shows it. Anyone with the link can read this report, without signing in, until you revoke it.');
    expect(textOf(html)).toMatch(/Share link Copy .*Done, I have copied it$/);
  });

  it('says until when it opens the report when it expires', () => {
    const html = renderToStaticMarkup(<IssuedShareNotice issued={{ ...issued, expires_at: '2026-12-09T09:00:00Z' }} origin="https://dt.example" onDone={() => {}} />);
    expect(part(html, 'issued-share-warning')).toMatch(/without signing in, until .*2026.*\.$/);
  });
});

describe('the list of links', () => {
  const html = renderToStaticMarkup(<ShareLinksList links={[lapsedLink, weekLink, openLink]} onRevoke={() => {}} now={now} />);

  it('shows when each link was made and when it expires (or did), oldest first, never its token', () => {
    const [lapsed, week, open] = rows(html);
    expect(lapsed).toMatch(/^Created .*2026.* Expires \S.*2026.* \(expired\) ID fedcba9876543210 Revoke$/);
    expect(week).toMatch(/^Created .*2026.* Expires \S.*2026[^(]* ID 0123456789abcdef Revoke$/);
    expect(open).toMatch(/^Created .*2026.* Expires never \(until revoked\) ID 00112233aabbccdd Revoke$/);
    expect(html).not.toContain('dtshr_');
  });

  it('names the link on each Revoke, which opens a confirmation', () => {
    expect(html).toMatch(/aria-haspopup="dialog" aria-label="Revoke the link made [^"]+ \(0123456789abcdef\)"/);
  });

  it('says so when there are none', () => {
    expect(textOf(renderToStaticMarkup(<ShareLinksList links={[]} onRevoke={() => {}} />))).toBe('No links to this report.');
  });
});

describe('the revoke confirmation', () => {
  it('says what a visitor will see and that it cannot be undone; the safe choice first', () => {
    const html = renderToStaticMarkup(<RevokeShareDialog link={weekLink} onConfirm={async () => {}} onClose={() => {}} />);
    expect(html).toMatch(/^<dialog aria-labelledby="[^"]+" aria-describedby="[^"]+"/);
    const text = textOf(html);
    expect(text).toMatch(/^Revoke this link\? Anyone who opens the link made .* \(0123456789abcdef\) from now on is told it has expired or was revoked\. It cannot be undone/);
    expect(text.indexOf('Keep it')).toBeLessThan(text.indexOf('Revoke link'));
  });
});
