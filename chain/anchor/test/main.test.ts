// deeptrace-anchor as a process: configuration errors, one --once round, and
// a graceful stop on SIGTERM, against a Hardhat node and the API double.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import type { JsonRpcProvider } from "ethers";
import { AdminApiDouble } from "./support/admin-api-double.js";
import { chainSkipReason, HardhatNode, HARDHAT_CHAIN_ID } from "./support/hardhat.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const MAIN = ["--import", "tsx", "src/main.ts"];

function runMain(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [...MAIN, ...args], { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
}

const logLines = (stdout: string) => stdout.trim().split("\n").map((line) => JSON.parse(line) as { level: string; msg: string });

describe("deeptrace-anchor process", () => {
  it("exits 2 with every configuration problem listed", () => {
    const res = runMain([], {});
    assert.equal(res.status, 2);
    assert.match(res.stderr, /bad configuration/);
    assert.match(res.stderr, /DEEPTRACE_ANCHOR_PRIVATE_KEY is required/);
    assert.match(res.stderr, /DEEPTRACE_API_URL is required/);
  });

  it("exits 2 on an unknown flag", () => {
    const res = runMain(["--private-key", "x"], {});
    assert.equal(res.status, 2);
    assert.match(res.stderr, /unknown argument/);
  });
});

describe("deeptrace-anchor process on a Hardhat node", { skip: chainSkipReason() }, () => {
  let node: HardhatNode;
  let provider: JsonRpcProvider;
  let api: AdminApiDouble;
  let env: Record<string, string>;

  before(async () => {
    node = await HardhatNode.start();
    provider = node.provider();
    const wallet = await node.fundedWallet(provider);
    api = new AdminApiDouble();
    env = {
      DEEPTRACE_API_URL: await api.listen(),
      DEEPTRACE_API_KEY: api.adminKey,
      DEEPTRACE_CHAIN_RPC_URL: node.rpcUrl,
      DEEPTRACE_CHAIN_ID: String(HARDHAT_CHAIN_ID),
      DEEPTRACE_REGISTRY_ADDRESS: await node.deployRegistry(provider, wallet.address),
      DEEPTRACE_ANCHOR_PRIVATE_KEY: wallet.privateKey,
      DEEPTRACE_ANCHOR_INTERVAL_S: "3600",
    };
  });
  after(async () => {
    await api?.close();
    provider?.destroy();
    await node?.stop();
  });

  it("--once anchors the pending reports, logs JSON lines, and exits 0", async () => {
    api.addJob("job-1", "aa".repeat(32), { fake_score: 0.25 });
    const res = spawn(process.execPath, [...MAIN, "--once"], { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    res.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise((resolve) => res.on("exit", resolve));
    assert.equal(code, 0, stdout);
    const lines = logLines(stdout);
    assert.ok(lines.some((l) => l.msg === "batch confirmed"));
    assert.ok(!stdout.includes(env.DEEPTRACE_ANCHOR_PRIVATE_KEY!.slice(2)), "the key is never logged");
    assert.equal([...api.batches.values()][0]?.state, "confirmed");
  });

  it("on SIGTERM finishes the current step and exits 0", async () => {
    const child = spawn(process.execPath, [...MAIN], { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH ?? "", ...env } });
    const seen: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      const entry = JSON.parse(line) as { msg: string };
      seen.push(entry.msg);
      if (entry.msg === "round done") child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve)));
    assert.equal(code, 0);
    assert.deepEqual(seen.slice(-2), ["stop requested; finishing the current step", "stopped"]);
  });
});
