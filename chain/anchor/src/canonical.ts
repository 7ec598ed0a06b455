// RFC 8785 JSON Canonicalization Scheme (docs/anchoring.md §1).
//
// ECMAScript's own JSON.stringify already writes strings and numbers exactly
// as RFC 8785 requires (the RFC is defined in terms of it), so only the
// member ordering and the value checks are ours.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalizationError";
  }
}

// A lone surrogate has no UTF-8 form, so its bytes could not be hashed.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalizationError("string holds a lone UTF-16 surrogate");
  return JSON.stringify(value);
}

function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) throw new CanonicalizationError(`number ${value} is not valid JSON`);
  return Object.is(value, -0) ? "0" : String(value);
}

// Keys compare as UTF-16 code units, which is what Array.prototype.sort does
// by default (and not UTF-8 byte order).
function canonicalObject(value: { [key: string]: JsonValue }): string {
  const members = Object.keys(value)
    .sort()
    .map((key) => `${canonicalString(key)}:${canonicalize(value[key] as JsonValue)}`);
  return `{${members.join(",")}}`;
}

export function canonicalize(value: JsonValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return canonicalNumber(value);
    case "string":
      return canonicalString(value);
    case "object":
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
        return canonicalObject(value);
      break;
  }
  throw new CanonicalizationError(`a ${typeof value} is not a JSON value`);
}
