// A reference Merkle tree built by the rules of docs/anchoring.md §2,
// written independently of the anchor service so the two can be compared.
import { concat, getBytes, hexlify, keccak256 } from "ethers";

/** Leaf of a report digest: keccak256 of its 32 bytes. */
export function leafOf(digest: string): string {
  return keccak256(digest);
}

function compareHashes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Inner node: keccak256(min(a, b) ‖ max(a, b)) as unsigned big-endian numbers. */
export function hashPair(a: string, b: string): string {
  return compareHashes(a, b) <= 0 ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

export interface MerkleTree {
  root: string;
  leaves: string[];
  proofOf(leaf: string): string[];
}

function nextLevel(level: string[]): string[] {
  const parents: string[] = [];
  for (let i = 0; i < level.length; i += 2) {
    // An odd last node moves up unchanged.
    parents.push(i + 1 < level.length ? hashPair(level[i], level[i + 1]) : level[i]);
  }
  return parents;
}

export function buildTree(unsortedLeaves: string[]): MerkleTree {
  if (unsortedLeaves.length === 0) throw new Error("a tree needs at least one leaf");
  const leaves = [...unsortedLeaves].sort(compareHashes);
  const levels = [leaves];
  while (levels[levels.length - 1].length > 1) levels.push(nextLevel(levels[levels.length - 1]));

  function proofOf(leaf: string): string[] {
    let index = leaves.indexOf(leaf);
    if (index < 0) throw new Error(`leaf ${leaf} is not in the tree`);
    const proof: string[] = [];
    for (const level of levels.slice(0, -1)) {
      const sibling = index ^ 1;
      if (sibling < level.length) proof.push(level[sibling]);
      index >>= 1;
    }
    return proof;
  }
  return { root: levels[levels.length - 1][0], leaves, proofOf };
}

/** Deterministic stand-ins for report digests (32-byte hashes). */
export function sampleDigests(count: number, label = "report"): string[] {
  return Array.from({ length: count }, (_, i) => keccak256(new TextEncoder().encode(`${label}-${i}`)));
}

/** The same hash with its last byte changed. */
export function tamper(hash: string): string {
  const bytes = getBytes(hash);
  bytes[bytes.length - 1] ^= 0x01;
  return hexlify(bytes);
}
