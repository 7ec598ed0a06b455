// The anchoring loop against a real Hardhat node and the compiled
// ReportRegistry, with the §4 admin endpoints served by an in-memory double.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, beforeEach, afterEach, describe, it } from "node:test";
import { createHash } from "node:crypto";
import type { JsonRpcProvider } from "ethers";
import { AdminApi, ApiError } from "../src/api.js";
import type { JsonValue } from "../src/canonical.js";
import { reportDigest } from "../src/digest.js";
import type { Logger } from "../src/log.js";
import { leafOf, MerkleTree } from "../src/merkle.js";
import { AlreadyAnchoredError, Registry } from "../src/registry.js";
import { StopSignal } from "../src/retry.js";
import { AnchorService, DigestMismatchError } from "../src/service.js";
import { AdminApiDouble } from "./support/admin-api-double.js";
import { chainSkipReason, HardhatNode, HARDHAT_CHAIN_ID } from "./support/hardhat.js";

const REAL_REPORT = JSON.parse(readFileSync(new URL("../tools/fixtures/real-report.json", import.meta.url), "utf8")) as Record<string, JsonValue>;
const skip = chainSkipReason();
if (skip) console.log(`# chain tests skipped: ${skip}`);

interface World {
  api: AdminApiDouble;
  apiUrl: string;
  client: AdminApi;
  registry: Registry;
  service: AnchorService;
  logs: Array<{ level: string; msg: string }>;
}

/** A realistic report whose score differs per job. */
function reportFor(i: number): JsonValue {
  return { ...REAL_REPORT, fake_score: 0.1 + i / 97, ensemble_score: 0.1 + i / 97 };
}

function addJobs(api: AdminApiDouble, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) api.addJob(`job-${i}`, createHash("sha256").update(`media ${i}`).digest("hex"), reportFor(i));
}

describe("anchor service on a Hardhat node", { skip }, () => {
  let node: HardhatNode;
  let provider: JsonRpcProvider;
  let world: World;

  const txCount = () => provider.getTransactionCount(world.registry.wallet.address);
  const eventsFor = async (root: string) => world.registry.contract.queryFilter(world.registry.contract.filters.BatchAnchored!(root));

  before(async () => {
    node = await HardhatNode.start();
    provider = node.provider();
  });
  after(async () => {
    provider?.destroy();
    await node?.stop();
  });

  beforeEach(async () => {
    const wallet = await node.fundedWallet(provider);
    const address = await node.deployRegistry(provider, wallet.address);
    const api = new AdminApiDouble();
    const apiUrl = await api.listen();
    const client = new AdminApi(apiUrl, api.adminKey);
    const registry = new Registry(node.rpcUrl, HARDHAT_CHAIN_ID, address, wallet.privateKey);
    const logs: World["logs"] = [];
    const log: Logger = (level, msg) => logs.push({ level, msg });
    const service = new AnchorService(client, registry, { batchSize: 3, confirmations: 1 }, log, new StopSignal());
    world = { api, apiUrl, client, registry, service, logs };
  });
  afterEach(async () => {
    await world.api.close();
    world.registry.provider.destroy();
  });

  /** Prepares a batch of the pending jobs in the API, as a crashed service would have left it. */
  async function preparedBatch() {
    const reports = await world.client.pending(3);
    const tree = new MerkleTree(reports.map((r) => r.digest));
    const entries = reports.map((r) => ({ job_id: r.job_id, digest: r.digest, proof: tree.proof(r.digest) }));
    return world.client.createBatch({ root: tree.root, chain_id: HARDHAT_CHAIN_ID, contract: world.registry.address, entries });
  }

  it("passes the start-up checks", async () => {
    await world.registry.checkSetup();
  });

  it("anchors batches, and every proof verifies on chain while a changed report does not", async () => {
    addJobs(world.api, 5);
    const result = await world.service.round();
    assert.deepEqual(result, { recovered: 0, anchored: 2 }, "a full batch of 3, then the remaining 2");
    assert.equal(await txCount(), 2);
    const batches = [...world.api.batches.values()];
    assert.deepEqual(batches.map((b) => [b.state, b.count]), [["confirmed", 3], ["confirmed", 2]]);
    for (const batch of batches) {
      const receipt = await provider.getTransactionReceipt(batch.tx_hash!);
      assert.equal(receipt?.blockNumber, batch.block_number);
      assert.equal((await provider.getBlock(batch.block_number!))?.timestamp, batch.block_time);
      for (const entry of batch.entries!) {
        assert.ok(await world.registry.verify(leafOf(entry.digest), entry.proof, batch.root), entry.job_id);
        const job = world.api.jobs.get(entry.job_id)!;
        const tampered = reportDigest(job.media_sha256, { ...(job.report as object), fake_score: 0.99 });
        assert.equal(await world.registry.verify(leafOf(tampered), entry.proof, batch.root), false);
      }
    }
    assert.deepEqual(await world.service.round(), { recovered: 0, anchored: 0 }, "nothing left to do");
    assert.equal(await txCount(), 2);
  });

  it("recovers a batch prepared before a crash: sends exactly once", async () => {
    addJobs(world.api, 3);
    const batch = await preparedBatch();
    assert.deepEqual(await world.service.round(), { recovered: 1, anchored: 0 });
    assert.equal(await txCount(), 1);
    assert.equal((await eventsFor(batch.root)).length, 1);
    assert.equal(world.api.batches.get(batch.id)!.state, "confirmed");
  });

  it("recovers a batch sent before a crash (submitted never posted) through the event, without a second transaction", async () => {
    addJobs(world.api, 3);
    const batch = await preparedBatch();
    const txHash = await world.registry.sendAnchor(batch.root, batch.count);
    await provider.waitForTransaction(txHash);
    assert.equal(await txCount(), 1);
    await world.service.round();
    assert.equal(await txCount(), 1, "no second transaction");
    const stored = world.api.batches.get(batch.id)!;
    assert.equal(stored.state, "confirmed");
    assert.equal(stored.tx_hash, txHash);
    assert.ok(!world.api.requests.some((r) => r.endsWith("/submitted")), "confirmed straight from the event");
  });

  it("recovers a submitted batch whose confirmation was never posted", async () => {
    addJobs(world.api, 2);
    const batch = await preparedBatch();
    const txHash = await world.registry.sendAnchor(batch.root, batch.count);
    await world.client.markSubmitted(batch.id, txHash);
    await world.service.round();
    assert.equal(await txCount(), 1);
    assert.equal(world.api.batches.get(batch.id)!.tx_hash, txHash);
    assert.equal(world.api.batches.get(batch.id)!.state, "confirmed");
  });

  it("reports AlreadyAnchored when a root is sent twice", async () => {
    addJobs(world.api, 1);
    const batch = await preparedBatch();
    await provider.waitForTransaction(await world.registry.sendAnchor(batch.root, 1));
    await assert.rejects(world.registry.sendAnchor(batch.root, 1), AlreadyAnchoredError);
    assert.equal(await txCount(), 1);
  });

  it("refuses a batch when a recomputed digest differs from the API's", async () => {
    addJobs(world.api, 2);
    world.api.addJob("job-bad", "ab".repeat(32), reportFor(7), reportDigest("ab".repeat(32), reportFor(8)));
    await assert.rejects(world.service.round(), (e: unknown) => e instanceof DigestMismatchError && e.jobIds.join() === "job-bad");
    assert.equal(world.api.batches.size, 0, "no batch reserved");
    assert.equal(await txCount(), 0, "nothing sent");
  });

  it("retries transient API errors within a step, and fails the round on others", async () => {
    addJobs(world.api, 2);
    world.api.failOn("/pending", 503);
    await assert.rejects(world.service.round(), (e: unknown) => e instanceof ApiError && e.retryable && e.code === "INJECTED_FAILURE");
    world.api.failOn("/confirmed", 502, 503);
    assert.deepEqual(await world.service.round(), { recovered: 0, anchored: 1 });
    assert.equal(world.api.requests.filter((r) => r.endsWith("/confirmed")).length, 3);
    assert.equal([...world.api.batches.values()][0]!.state, "confirmed");
    assert.equal(await txCount(), 1);
  });

  it("stops with a non-retryable error when the key is not an admin's", async () => {
    const userClient = new AdminApi(world.apiUrl, world.api.userKey);
    await assert.rejects(userClient.pending(1), (e: unknown) => e instanceof ApiError && e.status === 403 && e.code === "FORBIDDEN" && !e.retryable);
  });
});
