// Report digest (docs/anchoring.md §1): keccak256(sha256 ‖ canonical(report)).
import { concat, getBytes, keccak256, toUtf8Bytes } from "ethers";
import { canonicalize, type JsonValue } from "./canonical.js";

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const BYTES32_HEX = /^0x[0-9a-f]{64}$/;

export function isDigest(value: unknown): value is string {
  return typeof value === "string" && BYTES32_HEX.test(value);
}

/** mediaSha256: the media's SHA-256 as 64 hex digits, as the API writes it. */
export function reportDigest(mediaSha256: string, report: JsonValue): string {
  if (!SHA256_HEX.test(mediaSha256)) throw new Error(`media sha256 must be 64 hex digits, got ${JSON.stringify(mediaSha256)}`);
  const canonical = toUtf8Bytes(canonicalize(report));
  return keccak256(concat([getBytes("0x" + mediaSha256), canonical]));
}
