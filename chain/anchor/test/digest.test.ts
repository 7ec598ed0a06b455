import assert from "node:assert/strict";
import { describe, it } from "node:test";
import canonicalizeReference from "canonicalize";
import { keccak256 } from "ethers";
import { canonicalize, CanonicalizationError, type JsonValue } from "../src/canonical.js";
import { reportDigest } from "../src/digest.js";
import { loadVectors } from "./vectors.js";

const vectors = loadVectors();

describe("shared digest vectors", () => {
  it("cover the cases the design asks for", () => {
    assert.ok(vectors.length >= 19, `only ${vectors.length} vectors`);
    assert.ok(vectors.some((v) => v.name.startsWith("real DeepTrace report")));
  });
  for (const v of vectors) {
    it(`canonical form: ${v.name}`, () => {
      assert.equal(canonicalize(v.report), v.canonical);
      assert.equal(canonicalizeReference(v.report), v.canonical, "the independent canonicalize package agrees");
    });
    it(`digest: ${v.name}`, () => {
      assert.equal(reportDigest(v.media_sha256, v.report), v.digest);
    });
  }
});

describe("canonicalize", () => {
  it("sorts keys by UTF-16 code units, not UTF-8 bytes", () => {
    assert.equal(canonicalize({ "\uE000": 1, "\uD83D\uDE00": 2 }), '{"\uD83D\uDE00":2,"\uE000":1}');
  });
  it("writes -0 as 0 and uses ECMAScript number form", () => {
    assert.equal(canonicalize([-0, 1e21, 1e-7, 1e-6, 0.1 + 0.2]), "[0,1e+21,1e-7,0.000001,0.30000000000000004]");
  });
  it("escapes control characters, keeps / and U+2028 raw", () => {
    assert.equal(canonicalize("\u0001\b\t\n\f\r\"\\/\u2028\u007f"), '"\\u0001\\b\\t\\n\\f\\r\\"\\\\/\u2028\u007f"');
  });
  for (const [label, bad] of [
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["a lone surrogate", "a\uD800b"],
    ["undefined", undefined],
    ["a Date", new Date(0)],
  ] as Array<[string, unknown]>) {
    it(`rejects ${label}`, () => {
      assert.throws(() => canonicalize({ k: bad } as unknown as JsonValue), CanonicalizationError);
    });
  }
});

describe("reportDigest", () => {
  it("uses Ethereum's Keccak-256, not SHA3-256", () => {
    assert.equal(keccak256(new Uint8Array()), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  });
  it("changes when one score changes", () => {
    const sha = "ab".repeat(32);
    assert.notEqual(reportDigest(sha, { fake_score: 0.5 }), reportDigest(sha, { fake_score: 0.5000000000000001 }));
  });
  it("changes with the media hash", () => {
    assert.notEqual(reportDigest("ab".repeat(32), {}), reportDigest("ac".repeat(32), {}));
  });
  it("rejects a media hash that is not 64 hex digits", () => {
    assert.throws(() => reportDigest("abc", {}), /64 hex digits/);
    assert.throws(() => reportDigest("0x" + "ab".repeat(32), {}), /64 hex digits/);
  });
});
