// Client for the admin anchoring endpoints of the DeepTrace API
// (docs/anchoring.md §4). Every failure is an ApiError carrying the API's
// error code, or a NetworkError when no answer came back.
import type { JsonValue } from "./canonical.js";

export type BatchState = "prepared" | "submitted" | "confirmed";

export interface PendingReport {
  job_id: string;
  media_sha256: string;
  digest: string;
  finished_at: string;
  report: JsonValue;
}

export interface BatchEntry {
  job_id: string;
  digest: string;
  proof: string[];
}

export interface Batch {
  id: string;
  root: string;
  chain_id: number;
  contract: string;
  state: BatchState;
  count: number;
  entries?: BatchEntry[];
  tx_hash?: string;
  block_number?: number;
  block_time?: number;
  created_at: string;
  updated_at: string;
}

export interface NewBatch {
  root: string;
  chain_id: number;
  contract: string;
  entries: BatchEntry[];
}

export interface Confirmation {
  tx_hash: string;
  block_number: number;
  block_time: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`API ${status} ${code}: ${message}`);
    this.name = "ApiError";
  }
  /** Server-side trouble or throttling: worth another try later. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export class NetworkError extends Error {
  constructor(readonly url: string, cause: unknown) {
    super(`no answer from ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "NetworkError";
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return new ApiError(res.status, body.error?.code ?? "UNKNOWN", body.error?.message ?? text);
  } catch {
    return new ApiError(res.status, "UNKNOWN", text.slice(0, 200));
  }
}

export class AdminApi {
  private readonly baseUrl: string;

  constructor(baseUrl: string, private readonly apiKey: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  private async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const url = this.baseUrl + path;
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new NetworkError(url, cause);
    }
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }

  async pending(limit: number): Promise<PendingReport[]> {
    const body = await this.request<{ reports: PendingReport[] }>("GET", `/api/v1/admin/anchor/pending?limit=${limit}`);
    return body.reports;
  }

  createBatch(batch: NewBatch): Promise<Batch> {
    return this.request<Batch>("POST", "/api/v1/admin/anchor/batches", batch);
  }

  async batches(state: BatchState, limit = 1000): Promise<Batch[]> {
    const body = await this.request<{ batches: Batch[] }>("GET", `/api/v1/admin/anchor/batches?state=${state}&limit=${limit}`);
    return body.batches;
  }

  batch(id: string): Promise<Batch> {
    return this.request<Batch>("GET", `/api/v1/admin/anchor/batches/${encodeURIComponent(id)}`);
  }

  markSubmitted(id: string, txHash: string): Promise<Batch> {
    return this.request<Batch>("POST", `/api/v1/admin/anchor/batches/${encodeURIComponent(id)}/submitted`, { tx_hash: txHash });
  }

  markConfirmed(id: string, confirmation: Confirmation): Promise<Batch> {
    return this.request<Batch>("POST", `/api/v1/admin/anchor/batches/${encodeURIComponent(id)}/confirmed`, confirmation);
  }
}
