// What a share link opens (issue 17): said plainly to be a shared, read-only
// copy, with its expiry, digest and anchor; the same report components as the
// owner's page, but nothing that needs a session and no way into the rest of
// DeepTrace; a revoked or expired link is told so.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuthProvider } from '../components/AuthContext';
import { ReportView } from '../components/ReportView';
import type { JobAnchor } from '../lib/anchor';
import type { SharedReport } from '../lib/shares';
import { part, textOf } from '../test/markup';
import { report } from '../test/reports';
import { SharedCopy, SharedCopyNotice, SharedLinkGone, SharedPageFrame } from './SharedReportPage';

const TOKEN = `dtshr_${'ef'.repeat(32)}`;
const hash = (byte: string) => `0x${byte.repeat(32)}`;
const anchor: JobAnchor = { job_id: 'j1', digest: hash('11'), leaf: hash('22'), proof: [hash('33')], root: hash('44'),
                            batch_id: 'b1', state: 'confirmed', chain_id: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
                            tx_hash: hash('55'), block_number: 42, block_time: 1_796_000_000 };

function copy(overrides: Partial<SharedReport> = {}): SharedReport {
  const job = { job_id: 'j1', status: 'COMPLETED' as const, created_at: '2026-12-02T09:00:00Z', finished_at: '2026-12-02T09:01:00Z',
                media: { filename: 'interview.mp4' }, result: report() };
  return { shared: true, share: { id: '0123456789abcdef', created_at: '2026-12-02T10:00:00Z', expires_at: '2026-12-09T10:00:00Z' },
           job, report_digest: hash('11'), anchor: null, jobJson: JSON.stringify(job), ...overrides };
}

// Links and buttons that would lead a visitor into the owner's account.
function expectNoOwnerControls(html: string) {
  expect(html).not.toMatch(/href="\/(history|settings)?"/);
  for (const owner of ['Sign out', 'Delete', 'Re-run', 'Share…', 'Cancel', 'History', 'Settings', 'Upload']) {
    expect(textOf(html)).not.toContain(owner);
  }
}

describe('the shared page\'s frame', () => {
  it('has the name and the theme toggle, and no navigation or sign-out', () => {
    const html = renderToStaticMarkup(<SharedPageFrame><p>x</p></SharedPageFrame>);
    expect(textOf(html)).toBe('DeepTrace Shared report System Light Dark x');
    expect(html).not.toContain('<nav');
    expectNoOwnerControls(html);
  });
});

describe('the notice at the top', () => {
  it('says it is a shared, read-only copy, until when the link opens it, and the report digest', () => {
    const html = renderToStaticMarkup(<SharedCopyNotice copy={copy()} />);
    const text = part(html, 'shared-banner');
    expect(text).toMatch(/^Shared, read-only copy interview\.mp4 This DeepTrace report was shared with you by link\. It is a read-only copy/);
    expect(part(html, 'shared-expiry')).toMatch(/^expires .*2026/);
    expect(part(html, 'shared-digest')).toBe(hash('11'));
    expect(part(html, 'shared-anchor')).toBe('Not anchored on a blockchain.');
    // Who shared it, and when, is not the visitor's business.
    expect(text).not.toMatch(/shared by|0123456789abcdef/i);
  });

  it('says a link without an expiry lasts until it is revoked', () => {
    const html = renderToStaticMarkup(<SharedCopyNotice copy={copy({ share: { id: 'x', created_at: '2026-12-02T10:00:00Z', expires_at: null } })} />);
    expect(part(html, 'shared-expiry')).toBe('does not expire (until its owner revokes it)');
  });

  it('gives an anchored report\'s chain, block and transaction', () => {
    const html = renderToStaticMarkup(<SharedCopyNotice copy={copy({ anchor })} />);
    expect(part(html, 'shared-anchor')).toBe(`Block 42 on the local Hardhat node (chain id 31337) Transaction ${hash('55')}`);
    const pending = renderToStaticMarkup(<SharedCopyNotice copy={copy({ anchor: { ...anchor, state: 'submitted', block_number: undefined } })} />);
    expect(part(pending, 'shared-anchor')).toBe('Being anchored on the local Hardhat node (chain id 31337); not confirmed yet.');
  });
});

describe('the shared copy', () => {
  it('has the notice, the report, the anchor with its proof and a download, and none of the owner\'s controls', () => {
    const html = renderToStaticMarkup(<SharedCopy copy={copy({ anchor })} token={TOKEN} onReload={() => {}} />);
    const text = textOf(html);
    expect(text.indexOf('Shared, read-only copy')).toBe(0);
    expect(text).toContain('Loading the report…'); // the report's components load lazily
    expect(html).toContain('data-testid="anchor-panel" data-state="confirmed"');
    expect(text).toContain('Download report JSON');
    expectNoOwnerControls(html);
  });
});

describe('the report in a shared copy', () => {
  const render = (sharedToken?: string) => renderToStaticMarkup(
    <AuthProvider askServer={false}><ReportView jobId="j1" report={report()} sharedToken={sharedToken} /></AuthProvider>);

  it('is the owner\'s report view, without what needs a session: the owner\'s anchor panel and download', () => {
    const owners = render();
    const shared = render(TOKEN);
    expect(owners).toContain('Download report JSON');
    expect(shared).not.toContain('Download report JSON');
    expect(shared).not.toContain('anchor-panel');
    for (const html of [owners, shared]) expect(html).toContain('data-testid="verdict"');
  });
});

describe('a link that opens nothing', () => {
  it('says plainly that it has expired or was revoked, and what to do', () => {
    const html = renderToStaticMarkup(<SharedLinkGone />);
    expect(part(html, 'share-gone')).toMatch(/^This link has expired or was revoked This share link does not open anything: .*Ask whoever sent it for a new one\. Error code SHARE_NOT_FOUND$/);
    expectNoOwnerControls(html);
  });
});
