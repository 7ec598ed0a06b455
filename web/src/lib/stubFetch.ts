// For tests: replaces the global fetch with one that records each request
// and answers with the given [status, JSON body] pairs in turn (null: no
// body; none left: 200 {}). vitest's unstubAllGlobals() restores fetch.
import { vi } from 'vitest';

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  credentials?: RequestCredentials;
}

export function stubFetch(...answers: Array<[number, unknown]>): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    sent.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) },
                body: init.body as string | undefined, credentials: init.credentials });
    const [status, body] = answers.shift() ?? [200, {}];
    return new Response(body === null ? null : JSON.stringify(body), { status });
  }));
  return sent;
}
