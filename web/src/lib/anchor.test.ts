import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFrom } from './api';
import {
  anchorProblem, anchorViewFrom, anchorViewFromError, chainLabel, formatBlockTime, reportFileName, showsAnchors, verifyCommand,
  type JobAnchor,
} from './anchor';

const hash = (byte: string) => `0x${byte.repeat(32)}`;

const confirmedAnchor: JobAnchor = {
  job_id: 'job-1', digest: hash('d1'), leaf: hash('1e'), proof: [hash('a1'), hash('a2')], root: hash('70'),
  batch_id: 'batch-1', state: 'confirmed', chain_id: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  tx_hash: hash('7a'), block_number: 42, block_time: 1_764_000_000,
};

const errorBody = (code: string) => JSON.stringify({ error: { code, message: code.toLowerCase() } });

describe('anchorViewFrom', () => {
  it('shows a confirmed anchor with its block', () => {
    const view = anchorViewFrom(confirmedAnchor);
    expect(view.kind).toBe('confirmed');
    expect(view.kind === 'confirmed' && view.anchor.block_number).toBe(42);
  });

  it.each(['prepared', 'submitted'] as const)('treats a %s batch as in progress', (state) => {
    const { tx_hash: _tx, block_number: _b, block_time: _t, ...rest } = confirmedAnchor;
    expect(anchorViewFrom({ ...rest, state }).kind).toBe('pending');
  });

  it('accepts an empty proof (a batch of one report)', () => {
    expect(anchorProblem({ ...confirmedAnchor, proof: [], leaf: confirmedAnchor.root })).toBeNull();
  });

  it.each([
    ['not an object', 'nope', /not a JSON object/],
    ['a short root', { ...confirmedAnchor, root: '0x1234' }, /"root" is not a 32-byte hex hash/],
    ['a proof that is not hashes', { ...confirmedAnchor, proof: ['0xzz'] }, /"proof"/],
    ['an unknown state', { ...confirmedAnchor, state: 'mined' }, /unknown state "mined"/],
    ['no contract', { ...confirmedAnchor, contract: '' }, /"contract" is missing/],
    ['confirmed without a block', { ...confirmedAnchor, block_number: undefined }, /without its block number/],
  ])('reports %s as an error, never as a proof', (_name, body, problem) => {
    const view = anchorViewFrom(body);
    expect(view.kind).toBe('error');
    expect(view.kind === 'error' && (view.error as ApiError).code).toBe('INVALID_ANCHOR');
    expect(view.kind === 'error' && (view.error as Error).message).toMatch(problem);
  });
});

describe('anchorViewFromError', () => {
  it('reads 404 NOT_ANCHORED as "not anchored yet"', () => {
    expect(anchorViewFromError(apiErrorFrom(404, errorBody('NOT_ANCHORED')))).toEqual({ kind: 'not_anchored' });
  });

  it.each(['JOB_NOT_FOUND', 'ROUTE_NOT_FOUND', 'STORE_UNAVAILABLE'])('keeps %s as an error', (code) => {
    const view = anchorViewFromError(apiErrorFrom(code === 'STORE_UNAVAILABLE' ? 503 : 404, errorBody(code)));
    expect(view.kind).toBe('error');
    expect(view.kind === 'error' && (view.error as ApiError).code).toBe(code);
  });

  it('keeps a network failure as an error', () => {
    expect(anchorViewFromError(new TypeError('failed to fetch')).kind).toBe('error');
  });
});

describe('verifyCommand', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/anchoring.md', import.meta.url)), 'utf8');
  const documented = doc.match(/^deeptrace verify .*$/m)?.[0] ?? '';

  it('uses the flags docs/anchoring.md §6 documents', () => {
    expect(documented).toMatch(/--rpc-url/);
    const flags = (s: string) => [...s.matchAll(/--[a-z-]+/g)].map((m) => m[0]).sort();
    expect(flags(verifyCommand('job-1'))).toEqual(flags(documented));
  });

  it('names the file the report download saves', () => {
    expect(verifyCommand('job-1')).toMatch(new RegExp(`^deeptrace verify ${reportFileName('job-1')} `));
    expect(verifyCommand('job-1')).toContain('--anchor deeptrace-job-1-anchor.json');
  });
});

describe('labels', () => {
  it('names known chains and always shows the id', () => {
    expect(chainLabel(31337)).toBe('local Hardhat node (chain id 31337)');
    expect(chainLabel('12227332')).toMatch(/Neo X testnet \(chain id 12227332\)/);
    expect(chainLabel(5)).toBe('chain id 5');
  });

  it('shows block time (seconds) as a local date', () => {
    expect(formatBlockTime(1_764_000_000)).toBe(new Date(1_764_000_000_000).toLocaleString());
    expect(formatBlockTime(undefined)).toBe('—');
  });
});

describe('showsAnchors (issue 18, defect 7)', () => {
  const user = { id: 'u', name: 'alice' };
  it('shows a report anchor only where the server anchors reports', () => {
    expect(showsAnchors({ ...user, features: { anchoring: true } })).toBe(true);
    expect(showsAnchors({ ...user, features: { anchoring: false } })).toBe(false);
  });
  it('asks nothing before the user has loaded, and asks a server too old to say', () => {
    expect(showsAnchors(null)).toBe(false);
    expect(showsAnchors(undefined)).toBe(false);
    expect(showsAnchors(user)).toBe(true);
  });
});
