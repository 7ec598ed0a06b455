// The digest vectors shared with the C++ side (tests/vectors/report_digest.json).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { JsonValue } from "../src/canonical.js";

export interface DigestVector {
  name: string;
  media_sha256: string;
  report: JsonValue;
  canonical: string;
  digest: string;
}

export const VECTORS_PATH = fileURLToPath(new URL("../../../tests/vectors/report_digest.json", import.meta.url));

export function loadVectors(): DigestVector[] {
  return JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as DigestVector[];
}
