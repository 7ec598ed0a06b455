// The anchoring loop (docs/anchoring.md §5). Stateless: everything it needs
// to resume lives in the API (batches) and on chain (anchors), so a crash at
// any point is repaired by `recover`, and the contract's AlreadyAnchored
// makes a resent transaction harmless.
import { AdminApi, ApiError, NetworkError, type Batch, type BatchEntry, type PendingReport } from "./api.js";
import { reportDigest } from "./digest.js";
import type { Logger } from "./log.js";
import { MerkleTree } from "./merkle.js";
import { AlreadyAnchoredError, Registry, type OnChainAnchor } from "./registry.js";
import { withRetry, type StopSignal } from "./retry.js";

export interface ServiceOptions {
  batchSize: number;
  confirmations: number;
}

/** The API's digest of a report differs from ours: the batch is refused. */
export class DigestMismatchError extends Error {
  constructor(readonly jobIds: string[]) {
    super(`recomputed digest differs from the API's for job(s) ${jobIds.join(", ")}; batch refused`);
    this.name = "DigestMismatchError";
  }
}

/** Our account has a transaction in the pool; sending now could duplicate it. */
export class PendingTransactionError extends Error {
  constructor() {
    super("a transaction from the anchoring account is still pending; the batch waits for it");
    this.name = "PendingTransactionError";
  }
}

export interface RoundResult {
  recovered: number;
  anchored: number;
}

const API_ATTEMPTS = 5;

function isTransient(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.retryable);
}

export class AnchorService {
  constructor(
    private readonly api: AdminApi,
    private readonly registry: Registry,
    private readonly options: ServiceOptions,
    private readonly log: Logger,
    private readonly stop: StopSignal,
  ) {}

  /** One round: finish every unfinished batch, then anchor new batches while full ones are pending. */
  async round(): Promise<RoundResult> {
    const recovered = await this.recover();
    let anchored = 0;
    while (!this.stop.requested) {
      const batch = await this.anchorNewBatch();
      if (batch === null) break;
      anchored++;
      if (batch.count < this.options.batchSize) break;
    }
    return { recovered, anchored };
  }

  /** Completes every batch left prepared or submitted (by a crash, or a failed round). */
  async recover(): Promise<number> {
    let done = 0;
    for (const state of ["prepared", "submitted"] as const) {
      for (const batch of await this.api.batches(state)) {
        if (this.stop.requested) return done;
        if (!this.isOurs(batch)) continue;
        this.log("info", "recovering batch", { batch_id: batch.id, state: batch.state, root: batch.root });
        await this.complete(batch);
        done++;
      }
    }
    return done;
  }

  /** Takes pending reports, checks their digests, reserves them in a batch, and anchors it. */
  async anchorNewBatch(): Promise<Batch | null> {
    const reports = await this.api.pending(this.options.batchSize);
    if (reports.length === 0) return null;
    const entries = this.entriesFor(reports);
    const batch = await this.api.createBatch({
      root: entries.root,
      chain_id: this.registry.chainId,
      contract: this.registry.address,
      entries: entries.list,
    });
    this.log("info", "batch prepared", { batch_id: batch.id, root: batch.root, count: batch.count });
    if (this.stop.requested) return batch; // prepared is safe to leave: the next start recovers it
    return this.complete(batch);
  }

  private entriesFor(reports: PendingReport[]): { root: string; list: BatchEntry[] } {
    const mismatched = reports.filter((r) => reportDigest(r.media_sha256, r.report) !== r.digest).map((r) => r.job_id);
    if (mismatched.length > 0) throw new DigestMismatchError(mismatched);
    const tree = new MerkleTree(reports.map((r) => r.digest));
    return { root: tree.root, list: reports.map((r) => ({ job_id: r.job_id, digest: r.digest, proof: tree.proof(r.digest) })) };
  }

  // A batch of another chain or contract (the configuration changed) is left
  // for a service configured for it.
  private isOurs(batch: Batch): boolean {
    const ours = batch.chain_id === this.registry.chainId && batch.contract.toLowerCase() === this.registry.address.toLowerCase();
    if (!ours) this.log("warn", "batch belongs to another chain or contract; left alone", { batch_id: batch.id, chain_id: batch.chain_id, contract: batch.contract });
    return ours;
  }

  /** Brings a prepared or submitted batch to confirmed, sending a transaction only if the root is not on chain. */
  private async complete(batch: Batch): Promise<Batch> {
    const onChain = await this.registry.getAnchor(batch.root);
    if (onChain !== null) return this.confirm(batch, onChain);
    if (batch.state === "submitted" && batch.tx_hash !== undefined) {
      // Our earlier transaction may still be pending: wait for it rather than send another.
      await this.registry.waitForReceipt(batch.tx_hash, 1);
      const landed = await this.registry.getAnchor(batch.root);
      if (landed !== null) return this.confirm(batch, landed);
    }
    if (await this.registry.hasPendingTransactions())
      throw new PendingTransactionError(); // maybe this batch's own: look again once it is mined
    return this.send(batch);
  }

  private async send(batch: Batch): Promise<Batch> {
    let txHash: string;
    try {
      txHash = await this.registry.sendAnchor(batch.root, batch.count);
    } catch (error) {
      if (!(error instanceof AlreadyAnchoredError)) throw error;
      this.log("info", "root already anchored by an earlier attempt", { batch_id: batch.id, root: batch.root });
      return this.confirm(batch, await this.requireAnchor(batch.root));
    }
    this.log("info", "anchor transaction sent", { batch_id: batch.id, root: batch.root, tx_hash: txHash });
    await this.retryingApi(() => this.api.markSubmitted(batch.id, txHash));
    const receipt = await this.registry.waitForReceipt(txHash, 1);
    if (receipt?.status === 0) this.log("warn", "anchor transaction reverted", { batch_id: batch.id, tx_hash: txHash });
    return this.confirm(batch, await this.requireAnchor(batch.root));
  }

  private async requireAnchor(root: string): Promise<OnChainAnchor> {
    const anchor = await this.registry.getAnchor(root);
    if (anchor === null) throw new Error(`root ${root} is not anchored on chain`);
    return anchor;
  }

  /** Finds the anchoring transaction through its event, waits for the confirmations, and posts them. */
  private async confirm(batch: Batch, anchor: OnChainAnchor): Promise<Batch> {
    if (anchor.count !== batch.count)
      this.log("warn", "on-chain count differs from the batch", { batch_id: batch.id, on_chain: anchor.count, batch: batch.count });
    const tx = await this.registry.anchorTransaction(batch.root, anchor);
    await this.registry.waitForReceipt(tx.txHash, this.options.confirmations);
    const confirmed = await this.retryingApi(() =>
      this.api.markConfirmed(batch.id, { tx_hash: tx.txHash, block_number: tx.blockNumber, block_time: tx.blockTime }),
    );
    this.log("info", "batch confirmed", { batch_id: batch.id, root: batch.root, tx_hash: tx.txHash, block_number: tx.blockNumber, count: batch.count });
    return confirmed;
  }

  private retryingApi<T>(call: () => Promise<T>): Promise<T> {
    return withRetry(call, {
      attempts: API_ATTEMPTS,
      isRetryable: isTransient,
      stop: this.stop,
      onRetry: (error, attempt, delayMs) => this.log("warn", "API call failed; retrying", { error, attempt, delay_ms: Math.round(delayMs) }),
    });
  }
}
