// A user's own API keys (GET, POST, DELETE /api/v1/keys): their shapes, the
// name rule, expiry presets and the Settings page's state. The secret of a
// new key lives in `issued` alone, so the page shows it once and then forgets it.

export interface ApiKeyInfo {
  id: string;
  name: string; // empty for keys deeptrace-admin made
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  current: boolean; // the key this browser signs its requests with
}

// POST's answer: the key's listing plus its secret, sent this one time.
export interface IssuedKey extends ApiKeyInfo {
  key: string;
}

export interface NewKeyBody {
  name: string;
  expires_at?: string;
}

// The server's rule (validate_key_name in src/store/store_validation.cpp).
export const MAX_KEY_NAME = 64;

export function validateKeyName(name: string): string | null {
  if (name === '') return 'Give the key a name, for example "CI pipeline".';
  if (name.length > MAX_KEY_NAME) return `The name is ${name.length} characters long; at most ${MAX_KEY_NAME}.`;
  if (!/^[\x20-\x7e]+$/.test(name)) {
    return 'Use letters, digits, spaces and punctuation from plain ASCII only (no tabs, accents or emoji).';
  }
  return null;
}

export function keyLabel(key: Pick<ApiKeyInfo, 'name'>): string {
  return key.name || '(unnamed)';
}

// Days from now; 0 means the key lasts until it is revoked.
export const EXPIRY_CHOICES = [
  { days: 0, label: 'Never' },
  { days: 7, label: 'In 7 days' },
  { days: 30, label: 'In 30 days' },
  { days: 90, label: 'In 90 days' },
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export function newKeyBody(name: string, days: number, now = Date.now()): NewKeyBody {
  return days > 0 ? { name, expires_at: new Date(now + days * DAY_MS).toISOString() } : { name };
}

// Anything with an expiry (a key, a share link): null never expires.
export function isExpired(item: { expires_at: string | null }, now = Date.now()): boolean {
  return item.expires_at !== null && Date.parse(item.expires_at) <= now;
}

export interface KeysState {
  keys: ApiKeyInfo[] | null; // null while the first list loads
  issued: IssuedKey | null;
  revoking: ApiKeyInfo | null; // the key the confirmation asks about
}

export type KeysAction =
  | { type: 'listed'; keys: ApiKeyInfo[] }
  | { type: 'created'; key: IssuedKey }
  | { type: 'dismiss-secret' }
  | { type: 'ask-revoke'; key: ApiKeyInfo }
  | { type: 'cancel-revoke' }
  | { type: 'revoked'; id: string };

export const INITIAL_KEYS_STATE: KeysState = { keys: null, issued: null, revoking: null };

function listing({ key: _secret, ...info }: IssuedKey): ApiKeyInfo {
  return info;
}

export function keysReducer(state: KeysState, action: KeysAction): KeysState {
  switch (action.type) {
    case 'listed':
      return { ...state, keys: action.keys };
    case 'created': // listed at once; the page asks the server for the list again too
      return { ...state, issued: action.key,
               keys: [...(state.keys ?? []).filter((k) => k.id !== action.key.id), listing(action.key)] };
    case 'dismiss-secret':
      return { ...state, issued: null };
    case 'ask-revoke':
      return { ...state, revoking: action.key };
    case 'cancel-revoke':
      return { ...state, revoking: null };
    case 'revoked':
      return { keys: state.keys?.filter((k) => k.id !== action.id) ?? null, revoking: null,
               issued: state.issued?.id === action.id ? null : state.issued };
  }
}
