import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { concat, keccak256, toBeHex } from "ethers";
import { hashPair, leafOf, MerkleTree, processProof, verifyProof } from "../src/merkle.js";

const digestNo = (i: number) => keccak256(toBeHex(i + 1, 32));
const digests = (n: number) => Array.from({ length: n }, (_, i) => digestNo(i));

// The §2 rules written out independently: keccak(min ‖ max) by numeric order.
const pairByNumber = (a: string, b: string) => (BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a])));
const sortedLeaves = (n: number) => digests(n).map((d) => keccak256(d)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

describe("merkle tree", () => {
  for (let n = 1; n <= 9; n++) {
    it(`${n} leaves: every proof leads to the root, a tampered one does not`, () => {
      const tree = new MerkleTree(digests(n));
      for (const digest of digests(n)) {
        const proof = tree.proof(digest);
        assert.ok(verifyProof(leafOf(digest), proof, tree.root));
        assert.ok(!verifyProof(leafOf(digestNo(100)), proof, tree.root), "another leaf with this proof");
        if (proof.length > 0) {
          const flipped = [...proof];
          flipped[0] = keccak256(flipped[0]!);
          assert.ok(!verifyProof(leafOf(digest), flipped, tree.root), "changed sibling");
          assert.ok(!verifyProof(leafOf(digest), proof.slice(1), tree.root), "dropped sibling");
        }
      }
    });
  }

  it("a single leaf is its own root with an empty proof", () => {
    const tree = new MerkleTree([digestNo(0)]);
    assert.equal(tree.root, keccak256(digestNo(0)));
    assert.deepEqual(tree.proof(digestNo(0)), []);
  });

  it("the leaf is the digest hashed once more", () => {
    assert.equal(leafOf(digestNo(0)), keccak256(digestNo(0)));
    assert.throws(() => leafOf("0x1234"), /not a digest/);
  });

  it("pairs neighbours of the sorted leaves and moves an odd last node up unchanged (5 leaves)", () => {
    const [l0, l1, l2, l3, l4] = sortedLeaves(5) as [string, string, string, string, string];
    const top4 = pairByNumber(pairByNumber(l0, l1), pairByNumber(l2, l3));
    const tree = new MerkleTree(digests(5));
    assert.equal(tree.root, pairByNumber(top4, l4));
    assert.deepEqual(tree.leaves, [l0, l1, l2, l3, l4]);
  });

  it("the promoted leaf's proof skips the levels it moved up unchanged (9 leaves)", () => {
    const leaves = sortedLeaves(9);
    const last = leaves[8]!;
    const digest = digests(9).find((d) => keccak256(d) === last)!;
    const tree = new MerkleTree(digests(9));
    const proof = tree.proof(digest);
    assert.equal(proof.length, 1);
    assert.equal(tree.root, pairByNumber(proof[0]!, last));
  });

  it("does not depend on the order of the digests", () => {
    assert.equal(new MerkleTree(digests(7)).root, new MerkleTree(digests(7).reverse()).root);
  });

  it("hashPair is commutative and orders by unsigned value", () => {
    const a = "0x" + "00".repeat(31) + "ff";
    const b = "0x" + "01" + "00".repeat(31);
    assert.equal(hashPair(a, b), keccak256(concat([a, b])));
    assert.equal(hashPair(b, a), keccak256(concat([a, b])));
    assert.equal(processProof(a, [b]), hashPair(a, b));
  });

  it("refuses an empty batch and a digest it does not hold", () => {
    assert.throws(() => new MerkleTree([]), /at least one/);
    assert.throws(() => new MerkleTree(digests(3)).proof(digestNo(50)), /not in this batch/);
  });
});
