// Configuration from the environment only (docs/anchoring.md §5): the
// private key is never a flag or a file. Validated once, at start.
import { getAddress } from "ethers";

export interface Config {
  apiUrl: string;
  apiKey: string;
  rpcUrl: string;
  chainId: number;
  registryAddress: string;
  privateKey: string;
  batchSize: number;
  intervalS: number;
  confirmations: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Reads every variable, collecting all problems so that one run reports them all. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === "" ? undefined : value;
  }

  required(name: string, check: (v: string) => string | null = () => null): string {
    const value = this.raw(name);
    const problem = value === undefined ? "is required" : check(value);
    if (problem !== null) this.problems.push(`${name} ${problem}`);
    return value ?? "";
  }

  number(name: string, fallback: number | undefined, min: number, max: number, integer: boolean): number {
    const text = fallback === undefined ? this.required(name) : this.raw(name);
    if (text === undefined || text === "") return fallback ?? 0;
    const value = Number(text);
    const ok = /^[0-9.]+$/.test(text) && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
    if (!ok) this.problems.push(`${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got "${text}"`);
    return value;
  }
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? null : `must be an http(s) URL, got "${value}"`;
  } catch {
    return `must be an http(s) URL, got "${value}"`;
  }
}

function address(value: string): string | null {
  try {
    getAddress(value);
    return null;
  } catch {
    return `must be a contract address (0x + 40 hex, valid checksum if mixed case), got "${value}"`;
  }
}

// The key itself is never echoed into a message.
function privateKey(value: string): string | null {
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(value)) return "must be 32 bytes as 64 hex digits (optionally 0x-prefixed)";
  return /^(0x)?0{64}$/.test(value) ? "must not be zero" : null;
}

export function loadConfig(env: Env = process.env): Config {
  const r = new EnvReader(env);
  const config: Config = {
    apiUrl: r.required("DEEPTRACE_API_URL", httpUrl),
    apiKey: r.required("DEEPTRACE_API_KEY"),
    rpcUrl: r.required("DEEPTRACE_CHAIN_RPC_URL", httpUrl),
    chainId: r.number("DEEPTRACE_CHAIN_ID", undefined, 1, Number.MAX_SAFE_INTEGER, true),
    registryAddress: r.required("DEEPTRACE_REGISTRY_ADDRESS", address),
    privateKey: r.required("DEEPTRACE_ANCHOR_PRIVATE_KEY", privateKey),
    batchSize: r.number("DEEPTRACE_ANCHOR_BATCH_SIZE", 64, 1, 1000, true),
    intervalS: r.number("DEEPTRACE_ANCHOR_INTERVAL_S", 30, 0.1, 86_400, false),
    confirmations: r.number("DEEPTRACE_ANCHOR_CONFIRMATIONS", 1, 1, 1000, true),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  config.registryAddress = getAddress(config.registryAddress);
  if (!config.privateKey.startsWith("0x")) config.privateKey = "0x" + config.privateKey;
  return config;
}

/** What may be logged: everything but the secrets. */
export function describeConfig(config: Config): Record<string, unknown> {
  const { apiKey: _apiKey, privateKey: _privateKey, ...visible } = config;
  return visible;
}
