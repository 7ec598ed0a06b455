// Browser sign-in (docs/api.md, "Sessions (browsers)"). The API key is sent
// once, to POST /api/v1/session, which answers with an HttpOnly,
// SameSite=Strict session cookie (dt_session) that scripts cannot read; the
// key itself is never stored, anywhere. Every later request of this browser,
// in any tab, is authenticated by that cookie alone (fetch, XMLHttpRequest
// and EventSource send same-origin cookies by default), so no request carries
// an Authorization header. Requests that change something (POST, PATCH, PUT,
// DELETE) also carry the session's CSRF token as X-CSRF-Token; it is kept in
// memory only: a new tab or a reload gets it again from GET /api/v1/session.

// What POST and GET /api/v1/session answer.
export interface SessionInfo {
  user: { name: string; admin: boolean };
  key_id: string;
  csrf_token: string;
  expires_at: string;
}

export const CSRF_HEADER = 'X-CSRF-Token';

let csrfToken: string | null = null;

export function rememberSession(session: SessionInfo): void {
  csrfToken = session.csrf_token;
}

export function forgetSession(): void {
  csrfToken = null;
}

export function currentCsrfToken(): string | null {
  return csrfToken;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? 'GET').toUpperCase());
}

// The headers a request of `method` adds for the session: the CSRF token for
// one that changes something, nothing for a read.
export function sessionHeaders(method: string | undefined): Record<string, string> {
  return isUnsafeMethod(method) && csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
}
