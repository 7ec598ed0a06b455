import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { createJobEventDecoder, streamJobEvents, watchJob, type JobEvent } from './sse';

const job = (status: string, done = 0) => ({ job_id: 'j1', status, created_at: '2024-01-01T00:00:00Z',
                                              progress: { stage: 'decode', done, total: 4 } });
const frame = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

describe('createJobEventDecoder', () => {
  it('decodes events split at arbitrary points, with CRLF and keep-alive comments', () => {
    const events: JobEvent[] = [];
    const decoder = createJobEventDecoder((e) => events.push(e));
    const text = frame('status', job('PENDING')) + ': keep-alive\n\n' +
      frame('progress', job('PROCESSING', 2)).replace(/\n/g, '\r\n') + frame('status', job('COMPLETED', 4));
    for (let i = 0; i < text.length; i += 7) decoder.feed(text.slice(i, i + 7));
    expect(events.map((e) => [e.type, e.job.status, e.job.progress?.done])).toEqual([
      ['status', 'PENDING', 0], ['progress', 'PROCESSING', 2], ['status', 'COMPLETED', 4]]);
  });

  it('keeps an incomplete event until its blank line arrives', () => {
    const events: JobEvent[] = [];
    const decoder = createJobEventDecoder((e) => events.push(e));
    decoder.feed(`event: status\ndata: ${JSON.stringify(job('PENDING'))}\n`);
    expect(events).toHaveLength(0);
    decoder.feed('\n');
    expect(events).toHaveLength(1);
  });

  it('hands over jobs in the current report contract, upgrading a stored version-1 report', () => {
    const stored = JSON.parse(readFileSync(new URL('../../../tests/vectors/job_report_v1.json', import.meta.url), 'utf8'));
    expect(stored.result.report_version).toBeUndefined();
    const events: JobEvent[] = [];
    createJobEventDecoder((e) => events.push(e)).feed(frame('status', stored));
    expect(events[0].job.result?.report_version).toBe(2);
    expect(events[0].job.result?.evidence.visual.tracks).toHaveLength(2);
  });

  it('reports data that is not JSON instead of throwing', () => {
    const bad: string[] = [];
    const decoder = createJobEventDecoder(() => { throw new Error('unexpected'); }, (d) => bad.push(d));
    decoder.feed('event: status\ndata: {not json\n\n');
    expect(bad).toEqual(['{not json']);
  });
});

// A real HTTP server on loopback, so fetch streaming is exercised for real.
let server: ReturnType<typeof createServer> | null = null;
async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('streamJobEvents', () => {
  it('sends no Authorization header (the session cookie authenticates) and delivers events written in separate chunks', async () => {
    let auth: string | undefined = 'unset';
    let accept = '';
    const base = await serve((req, res) => {
      auth = req.headers.authorization;
      accept = req.headers.accept ?? '';
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(frame('status', job('PROCESSING')).slice(0, 20));
      setTimeout(() => { res.write(frame('status', job('PROCESSING')).slice(20)); res.end(frame('status', job('COMPLETED'))); }, 20);
    });
    const seen: string[] = [];
    await streamJobEvents('j1', (e) => seen.push(e.job.status), { baseUrl: base });
    expect(auth).toBeUndefined();
    expect(accept).toBe('text/event-stream');
    expect(seen).toEqual(['PROCESSING', 'COMPLETED']);
  });

  it('turns an error envelope into an ApiError with its code', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'the session has ended; sign in again' } }));
    });
    const err = await streamJobEvents('j1', () => {}, { baseUrl: base }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code]).toEqual([401, 'UNAUTHORIZED']);
  });
});

describe('watchJob', () => {
  it('reconnects after the stream drops and stops at a terminal state', async () => {
    const base = await serve((_req, res, n) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (n === 0) res.end(frame('status', job('PROCESSING')));
      else res.end(frame('status', job('COMPLETED')));
    });
    const seen: string[] = [];
    await watchJob('j1', (e) => seen.push(e.job.status), { baseUrl: base, retryDelayMs: () => 5 });
    expect(seen).toEqual(['PROCESSING', 'COMPLETED']);
  });

  it('gives up after the retry budget when the job never finishes', async () => {
    const base = await serve((_req, res) => { res.writeHead(200); res.end(); });
    const err = await watchJob('j1', () => {}, { baseUrl: base, maxRetries: 2, retryDelayMs: () => 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('NETWORK_ERROR');
  });
});
