// Read-only share links to a completed job's report (docs/api.md, "Share
// links"): the owner's side (POST, GET, DELETE /api/v1/jobs/{id}/shares) and
// what a link opens for anyone holding it (GET /api/v1/shared/{token}). The
// token of a new link lives in `issued` alone, so the job page shows it once
// and then forgets it; the list never has tokens.
import type { JobAnchor } from './anchor';
import type { Job } from './types';

export interface ShareLink {
  id: string; // the first 16 hex digits of the token's SHA-256: public and stable
  job_id: string;
  created_at: string;
  expires_at: string | null;
  expired: boolean;
}

// POST's answer: the link's listing plus its token and page, sent this one time.
export interface IssuedShare extends ShareLink {
  token: string;
  url: string; // the web page, "/shared/<token>"
  api_url: string;
}

export interface NewShareBody {
  expires_at?: string;
}

// GET /api/v1/shared/{token}: a subset of the job (no owner, no key, no
// upload), the digest anchoring uses, and the anchor when there is one.
export interface SharedReport {
  shared: true;
  share: { id: string; created_at: string; expires_at: string | null };
  job: Job;
  report_digest: string;
  anchor: JobAnchor | null;
  // Not the server's: the job as it sent it, before any legacy upgrade of its
  // report (lib/legacyReport.ts), for the download `deeptrace verify` reads.
  jobJson: string;
}

// Days from now; 0 means the link lasts until it is revoked. The server
// allows at most a year.
export const SHARE_EXPIRY_CHOICES = [
  { days: 1, label: 'In 1 day' },
  { days: 7, label: 'In 7 days' },
  { days: 30, label: 'In 30 days' },
  { days: 0, label: 'Never' },
] as const;

// A week unless the owner chooses otherwise: a link is a credential that
// travels by e-mail and chat, so by default it does not last for ever.
export const DEFAULT_SHARE_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export function newShareBody(days: number, now = Date.now()): NewShareBody {
  return days > 0 ? { expires_at: new Date(now + days * DAY_MS).toISOString() } : {};
}

// The server answers the page's path; the owner copies a whole address.
export function absoluteShareUrl(issued: Pick<IssuedShare, 'url'>, origin: string): string {
  return new URL(issued.url, origin).href;
}

// A link expires as a key does.
export { isExpired as isShareExpired } from './keys';

export interface SharesState {
  links: ShareLink[] | null; // null while the first list loads
  issued: IssuedShare | null;
  revoking: ShareLink | null; // the link the confirmation asks about
}

export type SharesAction =
  | { type: 'listed'; links: ShareLink[] }
  | { type: 'created'; link: IssuedShare }
  | { type: 'dismiss-link' }
  | { type: 'ask-revoke'; link: ShareLink }
  | { type: 'cancel-revoke' }
  | { type: 'revoked'; id: string };

export const INITIAL_SHARES_STATE: SharesState = { links: null, issued: null, revoking: null };

function listing({ token: _token, url: _url, api_url: _apiUrl, ...link }: IssuedShare): ShareLink {
  return link;
}

export function sharesReducer(state: SharesState, action: SharesAction): SharesState {
  switch (action.type) {
    case 'listed':
      return { ...state, links: action.links };
    case 'created': // listed at once; the panel asks the server for the list again too
      return { ...state, issued: action.link,
               links: [...(state.links ?? []).filter((l) => l.id !== action.link.id), listing(action.link)] };
    case 'dismiss-link':
      return { ...state, issued: null };
    case 'ask-revoke':
      return { ...state, revoking: action.link };
    case 'cancel-revoke':
      return { ...state, revoking: null };
    case 'revoked':
      return { links: state.links?.filter((l) => l.id !== action.id) ?? null, revoking: null,
               issued: state.issued?.id === action.id ? null : state.issued };
  }
}
