// The ReportRegistry contract (docs/anchoring.md §3), through ethers v6 and
// the human-readable ABI, so the service does not depend on the Hardhat build.
import { Contract, JsonRpcProvider, Wallet, isCallException, type EventLog, type TransactionReceipt } from "ethers";

export const REPORT_REGISTRY_ABI = [
  "function ANCHORER_ROLE() view returns (bytes32)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function anchorBatch(bytes32 root, uint32 count)",
  "function getAnchor(bytes32 root) view returns (tuple(uint64 timestamp, uint64 blockNumber, address submitter, uint32 count))",
  "function isAnchored(bytes32 root) view returns (bool)",
  "function leafOf(bytes32 digest) pure returns (bytes32)",
  "function verify(bytes32 leaf, bytes32[] proof, bytes32 root) view returns (bool)",
  "event BatchAnchored(bytes32 indexed root, uint32 count, address indexed submitter, uint64 timestamp)",
  "error ZeroRoot()",
  "error EmptyBatch()",
  "error AlreadyAnchored(bytes32 root)",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

export interface OnChainAnchor {
  timestamp: number;
  blockNumber: number;
  submitter: string;
  count: number;
}

/** Where a root was anchored: the facts posted as `confirmed`. */
export interface AnchorTransaction {
  txHash: string;
  blockNumber: number;
  blockTime: number;
}

/** anchorBatch was refused because the root is already on chain. */
export class AlreadyAnchoredError extends Error {
  constructor(readonly root: string) {
    super(`root ${root} is already anchored`);
    this.name = "AlreadyAnchoredError";
  }
}

/** A misconfiguration no retry can fix (wrong chain, no contract, no role). */
export class FatalChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FatalChainError";
  }
}

function revertName(error: unknown): string | undefined {
  return isCallException(error) ? error.revert?.name : undefined;
}

export class Registry {
  readonly provider: JsonRpcProvider;
  readonly wallet: Wallet;
  readonly contract: Contract;

  constructor(rpcUrl: string, readonly chainId: number, readonly address: string, privateKey: string) {
    // No response cache: a nonce or an anchor read 100 ms ago may be stale.
    this.provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 });
    this.wallet = new Wallet(privateKey, this.provider);
    this.contract = new Contract(address, REPORT_REGISTRY_ABI, this.wallet);
  }

  /** Start-up checks: the right chain, a contract at the address, and our role. */
  async checkSetup(): Promise<void> {
    const remoteChainId = Number(await this.provider.send("eth_chainId", []));
    if (remoteChainId !== this.chainId)
      throw new FatalChainError(`the RPC node serves chain ${remoteChainId}, configured ${this.chainId}`);
    if ((await this.provider.getCode(this.address)) === "0x")
      throw new FatalChainError(`no contract at ${this.address} on chain ${this.chainId}`);
    const role = (await this.contract.getFunction("ANCHORER_ROLE")()) as string;
    if (!(await this.contract.getFunction("hasRole")(role, this.wallet.address)))
      throw new FatalChainError(`account ${this.wallet.address} lacks ANCHORER_ROLE on ${this.address}`);
  }

  async getAnchor(root: string): Promise<OnChainAnchor | null> {
    const a = await this.contract.getFunction("getAnchor")(root);
    if (a.blockNumber === 0n) return null;
    return { timestamp: Number(a.timestamp), blockNumber: Number(a.blockNumber), submitter: a.submitter, count: Number(a.count) };
  }

  verify(leaf: string, proof: readonly string[], root: string): Promise<boolean> {
    return this.contract.getFunction("verify")(leaf, proof, root) as Promise<boolean>;
  }

  /** Sends anchorBatch; resolves with the transaction hash once the node accepted it. */
  async sendAnchor(root: string, count: number): Promise<string> {
    const anchorBatch = this.contract.getFunction("anchorBatch");
    try {
      await anchorBatch.staticCall(root, count); // a revert (AlreadyAnchored, no role) surfaces here, before signing
      const tx = await anchorBatch(root, count);
      return tx.hash as string;
    } catch (error) {
      if (revertName(error) === "AlreadyAnchored") throw new AlreadyAnchoredError(root);
      throw error;
    }
  }

  /** The mined receipt after `confirmations` blocks, or null if the node does not know the transaction. */
  async waitForReceipt(txHash: string, confirmations: number): Promise<TransactionReceipt | null> {
    if ((await this.provider.getTransaction(txHash)) === null) return null;
    return this.provider.waitForTransaction(txHash, confirmations);
  }

  async blockTime(blockNumber: number): Promise<number> {
    const block = await this.provider.getBlock(blockNumber);
    if (block === null) throw new Error(`block ${blockNumber} not found`);
    return block.timestamp;
  }

  /** The BatchAnchored event of an anchored root, looked up in the block getAnchor names. */
  async anchorTransaction(root: string, anchor: OnChainAnchor): Promise<AnchorTransaction> {
    const filter = this.contract.filters.BatchAnchored!(root);
    const events = await this.contract.queryFilter(filter, anchor.blockNumber, anchor.blockNumber);
    const event = events.find((e): e is EventLog => "args" in e) ?? events[0];
    if (event === undefined) throw new Error(`no BatchAnchored event for ${root} in block ${anchor.blockNumber}`);
    return { txHash: event.transactionHash, blockNumber: event.blockNumber, blockTime: anchor.timestamp };
  }

  /** True while a transaction from our account waits in the node's pool
   * (it may be the anchor of a batch whose `submitted` was never posted). */
  async hasPendingTransactions(): Promise<boolean> {
    const [pending, mined] = await Promise.all([
      this.provider.getTransactionCount(this.wallet.address, "pending"),
      this.provider.getTransactionCount(this.wallet.address, "latest"),
    ]);
    return pending > mined;
  }
}
