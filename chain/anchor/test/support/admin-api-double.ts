// Test double of the DeepTrace API's admin anchoring endpoints
// (docs/anchoring.md §4), in memory, over real HTTP. It stands in for the
// C++ API only in these tests; the end-to-end test uses the real one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Batch, BatchEntry, PendingReport } from "../../src/api.js";
import type { JsonValue } from "../../src/canonical.js";
import { reportDigest } from "../../src/digest.js";
import { leafOf, verifyProof } from "../../src/merkle.js";

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message = code) {
    super(message);
  }
}

export class AdminApiDouble {
  readonly adminKey = "admin-key";
  readonly userKey = "user-key";
  readonly jobs = new Map<string, PendingReport>();
  readonly batches = new Map<string, Batch>();
  readonly requests: string[] = [];
  private readonly batchOfJob = new Map<string, string>();
  private failures: Array<{ pathPart: string; status: number }> = [];
  private server?: Server;

  /** A COMPLETED job; `digest` overrides the server's digest (to simulate a disagreement). */
  addJob(jobId: string, mediaSha256: string, report: JsonValue, digest?: string): PendingReport {
    const job = { job_id: jobId, media_sha256: mediaSha256, digest: digest ?? reportDigest(mediaSha256, report), finished_at: new Date(Date.now() + this.jobs.size).toISOString(), report };
    this.jobs.set(jobId, job);
    return job;
  }

  /** The next requests whose path contains `pathPart` answer these HTTP statuses (e.g. 503), one each. */
  failOn(pathPart: string, ...statuses: number[]): void {
    this.failures.push(...statuses.map((status) => ({ pathPart, status })));
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests.push(`${req.method} ${req.url}`);
    try {
      const failure = this.failures.findIndex((f) => req.url?.includes(f.pathPart));
      if (failure >= 0) throw new HttpError(this.failures.splice(failure, 1)[0]!.status, "INJECTED_FAILURE");
      this.authorize(req.headers.authorization);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
      const [status, answer] = this.route(req.method ?? "", new URL(req.url ?? "/", "http://x"), body);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    } catch (error) {
      const e = error instanceof HttpError ? error : new HttpError(400, "INVALID_REQUEST", String(error));
      res.writeHead(e.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: e.code, message: e.message }, request_id: "t" }));
    }
  }

  private authorize(header: string | undefined): void {
    if (header === `Bearer ${this.adminKey}`) return;
    if (header === `Bearer ${this.userKey}`) throw new HttpError(403, "FORBIDDEN");
    throw new HttpError(401, "UNAUTHENTICATED");
  }

  private route(method: string, url: URL, body: Record<string, unknown>): [number, unknown] {
    const path = url.pathname;
    const limit = Number(url.searchParams.get("limit") ?? 100);
    if (method === "GET" && path === "/api/v1/admin/anchor/pending") return [200, { reports: this.pending(limit) }];
    if (method === "POST" && path === "/api/v1/admin/anchor/batches") return [201, this.createBatch(body)];
    if (method === "GET" && path === "/api/v1/admin/anchor/batches") {
      const list = [...this.batches.values()].filter((b) => b.state === url.searchParams.get("state")).slice(0, limit);
      return [200, { batches: list.map(({ entries: _e, ...rest }) => rest) }];
    }
    const match = /^\/api\/v1\/admin\/anchor\/batches\/([^/]+)(?:\/(submitted|confirmed))?$/.exec(path);
    if (match === null) throw new HttpError(404, "NOT_FOUND");
    const batch = this.batches.get(decodeURIComponent(match[1]!));
    if (batch === undefined) throw new HttpError(404, "ANCHOR_BATCH_NOT_FOUND");
    if (method === "GET" && match[2] === undefined) return [200, batch];
    if (method !== "POST") throw new HttpError(405, "METHOD_NOT_ALLOWED");
    if (match[2] === "submitted") Object.assign(batch, batch.state === "confirmed" ? {} : { state: "submitted", tx_hash: body.tx_hash });
    else Object.assign(batch, { state: "confirmed", tx_hash: body.tx_hash, block_number: body.block_number, block_time: body.block_time });
    batch.updated_at = new Date().toISOString();
    return [200, batch];
  }

  private pending(limit: number): PendingReport[] {
    return [...this.jobs.values()].filter((j) => !this.batchOfJob.has(j.job_id)).sort((a, b) => a.finished_at.localeCompare(b.finished_at)).slice(0, limit);
  }

  private createBatch(body: Record<string, unknown>): Batch {
    const entries = body.entries as BatchEntry[];
    const root = body.root as string;
    if (!Array.isArray(entries) || entries.length === 0 || typeof root !== "string") throw new HttpError(400, "INVALID_REQUEST");
    for (const entry of entries) {
      const job = this.jobs.get(entry.job_id);
      if (job === undefined) throw new HttpError(404, "JOB_NOT_FOUND");
      if (job.digest !== entry.digest || !verifyProof(leafOf(entry.digest), entry.proof, root)) throw new HttpError(400, "ANCHOR_PROOF_INVALID");
      if (this.batchOfJob.has(entry.job_id)) throw new HttpError(409, "ANCHOR_CONFLICT");
    }
    if ([...this.batches.values()].some((b) => b.root === root)) throw new HttpError(409, "ANCHOR_CONFLICT");
    const now = new Date().toISOString();
    const batch: Batch = { id: `batch-${this.batches.size + 1}`, root, chain_id: body.chain_id as number, contract: body.contract as string, state: "prepared", count: entries.length, entries, created_at: now, updated_at: now };
    this.batches.set(batch.id, batch);
    for (const entry of entries) this.batchOfJob.set(entry.job_id, batch.id);
    return batch;
  }
}
