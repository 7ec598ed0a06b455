import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { apiErrorFrom } from '../lib/api';
import { anchorViewFrom, anchorViewFromError, formatBlockTime, type AnchorView, type JobAnchor } from '../lib/anchor';
import { AnchorPanelView } from './AnchorPanel';

const h = (n: number) => `0x${n.toString(16).padStart(2, '0').repeat(32)}`;
const anchor: JobAnchor = {
  job_id: 'j-9', digest: h(1), leaf: h(2), proof: [h(3), h(4), h(5)], root: h(6), batch_id: 'b-1',
  state: 'confirmed', chain_id: 12227332, contract: `0x${'c0'.repeat(20)}`, tx_hash: h(7), block_number: 1234567,
  block_time: 1_760_000_000,
};

function render(view: AnchorView) {
  const html = renderToStaticMarkup(<AnchorPanelView view={view} anchorText="{}" jobId="j-9" onReload={() => {}} />);
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
  return { html, text };
}

const notFound = (code: string) => anchorViewFromError(apiErrorFrom(404, JSON.stringify({ error: { code, message: 'm' } })));
const withoutChainFields = (state: 'prepared' | 'submitted', tx?: string) => {
  const { block_number: _b, block_time: _t, tx_hash: _tx, ...rest } = anchor;
  return anchorViewFrom({ ...rest, state, ...(tx ? { tx_hash: tx } : {}) });
};

describe('AnchorPanelView', () => {
  it('confirmed: block, chain, contract, transaction, root, digest, proof and the verify command', () => {
    const { html, text } = render(anchorViewFrom(anchor));
    expect(html).toContain('data-state="confirmed"');
    expect(text).toContain('Anchored in block 1234567');
    expect(text).toContain('Neo X testnet (chain id 12227332)');
    for (const value of [anchor.contract, anchor.tx_hash!, anchor.root, anchor.digest, ...anchor.proof]) expect(text).toContain(value);
    expect(text).toContain(formatBlockTime(anchor.block_time));
    expect(text).toContain('Merkle proof (3 hashes)');
    expect(html).toMatch(/<details[^>]*data-testid="anchor-proof"/);
    expect(text).toContain('deeptrace verify deeptrace-j-9.json --anchor deeptrace-j-9-anchor.json --rpc-url RPC_URL');
    expect(text).toContain('Download proof JSON');
    expect(html.match(/aria-label="Copy /g)?.length).toBe(5); // 4 hashes + the command
  });

  it('confirmed: says what anchoring proves and no more', () => {
    const meaning = render(anchorViewFrom(anchor)).text;
    expect(meaning).toMatch(/has not been altered since then/);
    expect(meaning).toMatch(/says nothing about whether the analysis or its verdict is right/);
    expect(meaning).not.toMatch(/\b(authentic|genuine|trustworthy|certified|guarantee[sd]?)\b/i);
    const aboutVerdict = meaning.split(/(?<=\.)\s/).filter((sentence) => /verdict|analysis/i.test(sentence));
    expect(aboutVerdict.length).toBeGreaterThan(0);
    for (const sentence of aboutVerdict) expect(sentence).toMatch(/says nothing about/);
  });

  it('confirmed with an empty proof explains why', () => {
    const { text } = render(anchorViewFrom({ ...anchor, proof: [], leaf: anchor.root }));
    expect(text).toContain('Merkle proof: empty, because this report was alone in its batch');
  });

  it('submitted: in progress, with the transaction hash', () => {
    const { html, text } = render(withoutChainFields('submitted', h(8)));
    expect(html).toContain('data-state="pending"');
    expect(text).toContain('Anchoring in progress');
    expect(text).toContain(h(8));
    expect(text).toContain('waiting for confirmation');
    expect(text).not.toMatch(/Anchored in block/);
  });

  it('prepared: in progress, no transaction yet', () => {
    const { text } = render(withoutChainFields('prepared'));
    expect(text).toContain('Anchoring in progress');
    expect(text).toContain('transaction has not been sent yet');
    expect(text).not.toMatch(/0x07070707/);
  });

  it('404 NOT_ANCHORED: the quiet line and why', () => {
    const { html, text } = render(notFound('NOT_ANCHORED'));
    expect(html).toContain('data-state="not_anchored"');
    expect(text).toMatch(/^Not anchored on chain \(yet\) Anchoring is optional\..*in batches/);
    expect(html).not.toContain('role="alert"');
  });

  it.each(['JOB_NOT_FOUND', 'ROUTE_NOT_FOUND'])('another error (%s) is shown with its code', (code) => {
    const { html, text } = render(notFound(code));
    expect(html).toContain('data-state="error"');
    expect(html).toContain('role="alert"');
    expect(text).toContain(`Cannot show the chain anchoring ${code}`);
    expect(text).not.toMatch(/Not anchored|Anchored in block/);
  });

  it('a malformed answer is an error, not a proof', () => {
    const { text } = render(anchorViewFrom({ ...anchor, root: 'nope' }));
    expect(text).toContain('INVALID_ANCHOR');
    expect(text).not.toMatch(/Anchored in block/);
  });

  it('renders nothing for a server without anchoring, a status line while loading', () => {
    expect(render({ kind: 'hidden' }).html).toBe('');
    expect(render({ kind: 'loading' }).text).toBe('Checking chain anchoring…');
  });
});
