import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, describeConfig, loadConfig } from "../src/config.js";

const KEY = "0x" + "11".repeat(32);
const GOOD = {
  DEEPTRACE_API_URL: "http://127.0.0.1:8080",
  DEEPTRACE_API_KEY: "dt_admin_key",
  DEEPTRACE_CHAIN_RPC_URL: "http://127.0.0.1:8545",
  DEEPTRACE_CHAIN_ID: "31337",
  DEEPTRACE_REGISTRY_ADDRESS: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  DEEPTRACE_ANCHOR_PRIVATE_KEY: KEY,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail("configuration was accepted");
}

describe("config", () => {
  it("reads the environment with the documented defaults", () => {
    const config = loadConfig(GOOD);
    assert.equal(config.chainId, 31337);
    assert.equal(config.registryAddress, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    assert.deepEqual([config.batchSize, config.intervalS, config.confirmations], [64, 30, 1]);
  });

  it("takes the optional settings and a key without 0x", () => {
    const config = loadConfig({
      ...GOOD,
      DEEPTRACE_ANCHOR_PRIVATE_KEY: "22".repeat(32),
      DEEPTRACE_ANCHOR_BATCH_SIZE: "10",
      DEEPTRACE_ANCHOR_INTERVAL_S: "0.5",
      DEEPTRACE_ANCHOR_CONFIRMATIONS: "3",
    });
    assert.equal(config.privateKey, "0x" + "22".repeat(32));
    assert.deepEqual([config.batchSize, config.intervalS, config.confirmations], [10, 0.5, 3]);
  });

  it("reports every missing variable at once", () => {
    const problems = problemsOf({});
    for (const name of Object.keys(GOOD)) assert.ok(problems.some((p) => p.startsWith(`${name} is required`)), name);
  });

  for (const [name, value, pattern] of [
    ["DEEPTRACE_API_URL", "ftp://x", /http\(s\) URL/],
    ["DEEPTRACE_CHAIN_RPC_URL", "not a url", /http\(s\) URL/],
    ["DEEPTRACE_CHAIN_ID", "-5", /integer/],
    ["DEEPTRACE_CHAIN_ID", "1.5", /integer/],
    ["DEEPTRACE_REGISTRY_ADDRESS", "0x1234", /contract address/],
    ["DEEPTRACE_REGISTRY_ADDRESS", "0x5FBDB2315678afecb367f032d93f642f64180aa3", /checksum/],
    ["DEEPTRACE_ANCHOR_PRIVATE_KEY", "0x1234", /64 hex digits/],
    ["DEEPTRACE_ANCHOR_PRIVATE_KEY", "0x" + "00".repeat(32), /zero/],
    ["DEEPTRACE_ANCHOR_BATCH_SIZE", "0", /\[1, 1000\]/],
    ["DEEPTRACE_ANCHOR_BATCH_SIZE", "1001", /\[1, 1000\]/],
    ["DEEPTRACE_ANCHOR_INTERVAL_S", "soon", /number/],
    ["DEEPTRACE_ANCHOR_CONFIRMATIONS", "0", /integer/],
  ] as Array<[string, string, RegExp]>) {
    it(`rejects ${name}=${value.slice(0, 20)}`, () => {
      const problems = problemsOf({ ...GOOD, [name]: value });
      assert.equal(problems.length, 1, problems.join("; "));
      assert.ok(problems[0]!.startsWith(name) && pattern.test(problems[0]!), problems[0]);
    });
  }

  it("never puts the key into a message or the logged description", () => {
    const badKey = "zz" + "ab".repeat(31);
    assert.ok(!problemsOf({ ...GOOD, DEEPTRACE_ANCHOR_PRIVATE_KEY: badKey }).join("").includes(badKey));
    const described = JSON.stringify(describeConfig(loadConfig(GOOD)));
    assert.ok(!described.includes(KEY.slice(2)) && !described.includes("dt_admin_key"));
  });
});
