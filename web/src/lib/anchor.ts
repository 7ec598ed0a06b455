// Chain anchoring as the report page shows it (docs/anchoring.md §4, §6):
// the job anchor JSON, the state it puts the panel in, and the two files
// `deeptrace verify` reads.
import { ApiError } from './api';
import type { User } from './types';

export type AnchorState = 'prepared' | 'submitted' | 'confirmed';

// GET /api/v1/jobs/{id}/anchor
export interface JobAnchor {
  job_id: string;
  digest: string;
  leaf: string;
  proof: string[];
  root: string;
  batch_id: string;
  state: AnchorState;
  chain_id: number | string;
  contract: string;
  tx_hash?: string;
  block_number?: number;
  block_time?: number;
}

export type AnchorView =
  | { kind: 'loading' }
  | { kind: 'hidden' } // the server has no anchor route, or it is not known yet
  | { kind: 'not_anchored' }
  | { kind: 'pending'; anchor: JobAnchor }
  | { kind: 'confirmed'; anchor: JobAnchor & { block_number: number } }
  | { kind: 'error'; error: unknown };

const HASH = /^0x[0-9a-f]{64}$/i;

// Why an answer cannot be shown, or null when it has the documented shape.
// A malformed answer is reported, never shown as if it were a proof.
export function anchorProblem(body: unknown): string | null {
  const a = (body ?? {}) as Partial<Record<keyof JobAnchor, unknown>>;
  if (typeof body !== 'object' || body === null) return 'the answer is not a JSON object';
  for (const field of ['digest', 'leaf', 'root'] as const) {
    if (typeof a[field] !== 'string' || !HASH.test(a[field] as string)) return `"${field}" is not a 32-byte hex hash`;
  }
  if (!Array.isArray(a.proof) || !a.proof.every((h) => typeof h === 'string' && HASH.test(h))) {
    return '"proof" is not a list of 32-byte hex hashes';
  }
  if (!['prepared', 'submitted', 'confirmed'].includes(a.state as string)) return `unknown state "${String(a.state)}"`;
  if (typeof a.contract !== 'string' || a.contract === '') return '"contract" is missing';
  if (a.state === 'confirmed' && (typeof a.block_number !== 'number' || typeof a.tx_hash !== 'string')) {
    return 'a confirmed anchor without its block number and transaction';
  }
  return null;
}

export function anchorViewFrom(body: unknown): AnchorView {
  const problem = anchorProblem(body);
  if (problem) return { kind: 'error', error: new ApiError(200, 'INVALID_ANCHOR', `The server's anchor answer is unusable: ${problem}.`) };
  const anchor = body as JobAnchor;
  return anchor.state === 'confirmed'
    ? { kind: 'confirmed', anchor: anchor as JobAnchor & { block_number: number } }
    : { kind: 'pending', anchor };
}

// 404 NOT_ANCHORED is an answer, not a failure: the job is in no batch yet.
export function anchorViewFromError(error: unknown): AnchorView {
  if (error instanceof ApiError && error.code === 'NOT_ANCHORED') return { kind: 'not_anchored' };
  return { kind: 'error', error };
}

const CHAIN_NAMES: Record<string, string> = {
  '31337': 'local Hardhat node',
  '12227332': 'Neo X testnet',
  '47763': 'Neo X mainnet',
};

export function chainLabel(chainId: number | string): string {
  const name = CHAIN_NAMES[String(chainId)];
  return name ? `${name} (chain id ${chainId})` : `chain id ${chainId}`;
}

// block_time is chain time in seconds since the epoch; shown in local time.
export function formatBlockTime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  return new Date(seconds * 1000).toLocaleString();
}

export const reportFileName = (jobId: string) => `deeptrace-${jobId}.json`;
export const anchorFileName = (jobId: string) => `deeptrace-${jobId}-anchor.json`;

// With --anchor the check needs neither the DeepTrace server nor a key:
// only the two files and any RPC endpoint of the anchoring chain.
export function verifyCommand(jobId: string): string {
  return `deeptrace verify ${reportFileName(jobId)} --anchor ${anchorFileName(jobId)} --rpc-url RPC_URL`;
}

// Hands text to the browser as a file download, byte for byte.
export function saveTextFile(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Whether a report page shows (and asks for) the report's anchor: only where
// the server says an anchor service runs (GET /api/v1/me, features.anchoring;
// issue 18, defect 7: no NOT_ANCHORED 404 on servers that never anchor). Not
// before the user has loaded; a server too old to say is asked, as before.
export function showsAnchors(user: User | null | undefined): boolean {
  if (!user) return false;
  return user.features?.anchoring ?? true;
}
