// Writes tests/vectors/report_digest.json, the digest vectors shared with the
// C++ side (docs/anchoring.md §1). Each case's report is kept as the JSON text
// written here, so the file also checks number parsing: 9007199254740993 must
// become the double 9007199254740992, 1E21 and 2.0 must be re-written, etc.
// Run: npm run vectors (then review the diff; the tests check the file).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import canonicalizeReference from "canonicalize";
import { canonicalize, type JsonValue } from "../src/canonical.js";
import { reportDigest } from "../src/digest.js";

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const OUTPUT = here("../../../tests/vectors/report_digest.json");
const REAL_REPORT = here("./fixtures/real-report.json");
// SHA-256 of tests/support/media.py's face_mp4() (astronaut.png, 2 s), the media of real-report.json.
const REAL_MEDIA_SHA256 = "4f1c757cc326f5ecd1f5e7ff34c20cfa01105e816f5ab0655099452cbc0e6a8d";

// [name, report as JSON text]
const CASES: Array<[string, string]> = [
  ["empty object", "{}"],
  ["empty array", "[]"],
  ["literals", '{"t":true,"f":false,"n":null}'],
  ["nested keys needing sorting", '{"b":{"z":1,"a":[{"y":2,"x":1}]},"a":{"d":null,"c":true},"A":0,"aa":1,"":"empty key"}'],
  ["keys in UTF-16 order, not UTF-8 byte order", '{"\\uE000":"private use","\\uD83D\\uDE00":"emoji","\\u00e9":"e acute","z":"ascii"}'],
  ["raw UTF-8 keys and values", '{"ключ":"значение","鍵":"値","😀":"grinning","é":"café"}'],
  ["arrays keep their order", '[3,1,2,[],[{}],["b","a"],{"k":[null,true,false]}]'],
  ["unicode strings", '{"s":["naïve café","日本語","😀 emoji","\\u0000nul","e\\u0301 combining"]}'],
  ["control characters", '{"c":"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u001f\\u007f"}'],
  ["quotes and backslashes", '{"q":"say \\"hi\\" \\\\ back\\\\slash \\\\\\" mixed","\\"key\\"":"\\\\"}'],
  ["slash, DEL and line separators stay raw", '{"s":"a/b\\/c</script>\\u007f\\u2028\\u2029end"}'],
  ["zeros and signs", '{"zero":0,"minus_zero":-0,"minus_zero_float":-0.0,"one":1,"minus_one":-1,"one_float":1.0,"two_exp":2e0}'],
  ["decimal fractions", '{"a":0.1,"b":0.2,"sum":0.30000000000000004,"c":0.3,"d":1.5,"e":-2.25,"f":0.10000000000000001}'],
  ["small exponents", '{"a":1e-7,"b":1e-6,"c":0.000001,"d":1.2345e-7,"e":5e-324,"f":2.2250738585072014e-308}'],
  ["large numbers", '{"a":123456789012345680000,"b":1e21,"c":1E21,"d":1.7976931348623157e308,"e":999999999999999900000,"f":1e+22}'],
  ["integers beyond 2^53", '{"max_safe":9007199254740991,"two_53":9007199254740992,"two_53_plus_1":9007199254740993,"two_53_plus_3":9007199254740995,"u64_max":18446744073709551615,"i64_min":-9223372036854775808,"huge":123456789012345678901234567890}'],
  ["typical report floats", '{"fake_score":0.7312345678901234,"logit":-1.0986122886681098,"ms":12.5,"t":0.30000000000000004,"ratio":0.3333333333333333,"pct":66.66666666666667}'],
  ["deeply nested", '{"a":{"b":{"c":{"d":{"e":[[[{"f":"g"}]]]}}}}}'],
];

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function vectorJson(name: string, mediaSha256: string, reportText: string): string {
  const report = JSON.parse(reportText) as JsonValue;
  const canonical = canonicalize(report);
  if (canonical !== canonicalizeReference(report)) throw new Error(`case "${name}": the canonicalize package disagrees`);
  const fields = [
    `"name": ${JSON.stringify(name)}`,
    `"media_sha256": ${JSON.stringify(mediaSha256)}`,
    `"report": ${reportText.trim()}`,
    `"canonical": ${JSON.stringify(canonical)}`,
    `"digest": ${JSON.stringify(reportDigest(mediaSha256, report))}`,
  ];
  return `  {\n    ${fields.join(",\n    ")}\n  }`;
}

const vectors = CASES.map(([name, text]) => vectorJson(name, sha256Hex(name), text));
vectors.push(vectorJson("real DeepTrace report (astronaut face video)", REAL_MEDIA_SHA256, readFileSync(REAL_REPORT, "utf8")));
writeFileSync(OUTPUT, `[\n${vectors.join(",\n")}\n]\n`);
console.log(`wrote ${vectors.length} vectors to ${OUTPUT}`);
