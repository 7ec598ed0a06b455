// Merkle batch (docs/anchoring.md §2): leaf = keccak256(digest); inner node =
// keccak256(min ‖ max) (OpenZeppelin's commutative hash); leaves sorted
// ascending; each level pairs neighbours left to right and an odd last node
// moves up unchanged. Proofs verify with OpenZeppelin's MerkleProof.verify.
import { concat, keccak256 } from "ethers";
import { isDigest } from "./digest.js";

/** The leaf of a report digest: the 32 digest bytes hashed once more. */
export function leafOf(digest: string): string {
  if (!isDigest(digest)) throw new Error(`not a digest (0x + 64 lowercase hex): ${JSON.stringify(digest)}`);
  return keccak256(digest);
}

// Lowercase 0x-hex strings of equal length order like the unsigned
// big-endian numbers they spell.
export function hashPair(a: string, b: string): string {
  return a < b ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

export function processProof(leaf: string, proof: readonly string[]): string {
  return proof.reduce((node, sibling) => hashPair(node, sibling), leaf);
}

export function verifyProof(leaf: string, proof: readonly string[], root: string): boolean {
  return processProof(leaf, proof) === root;
}

function nextLevel(level: readonly string[]): string[] {
  const up: string[] = [];
  for (let i = 0; i < level.length; i += 2) {
    const left = level[i]!;
    const right = level[i + 1];
    up.push(right === undefined ? left : hashPair(left, right));
  }
  return up;
}

export class MerkleTree {
  /** levels[0] are the sorted leaves; the last level holds only the root. */
  private readonly levels: string[][];

  constructor(digests: readonly string[]) {
    if (digests.length === 0) throw new Error("a Merkle batch needs at least one digest");
    const leaves = digests.map(leafOf).sort();
    this.levels = [leaves];
    while (this.levels.at(-1)!.length > 1) this.levels.push(nextLevel(this.levels.at(-1)!));
  }

  get root(): string {
    return this.levels.at(-1)![0]!;
  }

  get leaves(): readonly string[] {
    return this.levels[0]!;
  }

  /** The sibling hashes from the digest's leaf up to the root. */
  proof(digest: string): string[] {
    let index = this.leaves.indexOf(leafOf(digest));
    if (index < 0) throw new Error(`digest ${digest} is not in this batch`);
    const proof: string[] = [];
    for (const level of this.levels.slice(0, -1)) {
      const sibling = level[index ^ 1];
      if (sibling !== undefined) proof.push(sibling);
      index >>= 1;
    }
    return proof;
  }
}
