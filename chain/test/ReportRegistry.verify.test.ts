import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployRegistry } from "./helpers/fixtures";
import { buildTree, hashPair, leafOf, sampleDigests, tamper } from "./helpers/merkle";

function treeOfSize(size: number, label = "report") {
  return buildTree(sampleDigests(size, label).map(leafOf));
}

describe("Merkle helper follows docs/anchoring.md §2", function () {
  it("uses the single leaf as the root with an empty proof", function () {
    const tree = treeOfSize(1);
    expect(tree.root).to.equal(tree.leaves[0]);
    expect(tree.proofOf(tree.leaves[0])).to.deep.equal([]);
  });

  it("promotes the odd third leaf unchanged: root = H(H(l0, l1), l2)", function () {
    const tree = treeOfSize(3);
    const [l0, l1, l2] = tree.leaves;
    expect(BigInt(l0) < BigInt(l1) && BigInt(l1) < BigInt(l2)).to.equal(true);
    expect(tree.root).to.equal(hashPair(hashPair(l0, l1), l2));
    expect(tree.proofOf(l2)).to.deep.equal([hashPair(l0, l1)]);
    expect(tree.proofOf(l0)).to.deep.equal([l1, l2]);
  });
});

describe("ReportRegistry: verify", function () {
  for (const size of [1, 2, 3, 5, 8]) {
    describe(`tree of ${size} report(s)`, function () {
      async function anchoredTree() {
        const { registry } = await loadFixture(deployRegistry);
        const tree = treeOfSize(size);
        await registry.anchorBatch(tree.root, size);
        return { registry, tree };
      }

      it("accepts every leaf with its proof", async function () {
        const { registry, tree } = await anchoredTree();
        for (const leaf of tree.leaves) {
          expect(await registry.verify(leaf, tree.proofOf(leaf), tree.root), `leaf ${leaf}`).to.equal(true);
        }
      });

      it("rejects a leaf that is not in the tree", async function () {
        const { registry, tree } = await anchoredTree();
        const outsider = leafOf(sampleDigests(1, "outsider")[0]);
        expect(await registry.verify(outsider, tree.proofOf(tree.leaves[0]), tree.root)).to.equal(false);
        expect(await registry.verify(tamper(tree.leaves[0]), tree.proofOf(tree.leaves[0]), tree.root)).to.equal(false);
      });

      it("rejects a tampered proof", async function () {
        const { registry, tree } = await anchoredTree();
        for (const leaf of tree.leaves) {
          const proof = tree.proofOf(leaf);
          const tampered = proof.length === 0 ? [leaf] : [tamper(proof[0]), ...proof.slice(1)];
          expect(await registry.verify(leaf, tampered, tree.root), `leaf ${leaf}`).to.equal(false);
        }
      });

      it("rejects a valid proof whose root was never anchored", async function () {
        const { registry } = await anchoredTree();
        const other = treeOfSize(size, "unanchored");
        const leaf = other.leaves[0];
        expect(await registry.verify(leaf, other.proofOf(leaf), other.root)).to.equal(false);
      });
    });
  }

  it("rejects a digest itself passed as the leaf", async function () {
    const { registry } = await loadFixture(deployRegistry);
    const digests = sampleDigests(2);
    const tree = buildTree(digests.map(leafOf));
    await registry.anchorBatch(tree.root, 2);
    const leaf = leafOf(digests[0]);
    expect(await registry.verify(digests[0], tree.proofOf(leaf), tree.root)).to.equal(false);
  });
});
