// Per-user quotas (issue 17; docs/api.md, "Quotas per user"): what GET
// /api/v1/usage and the admin routes under /api/v1/admin/users answer, the
// words and meters Settings shows for them, the checks of an admin's quota
// form and the Users section's state. A quota of 0 means no limit.
import { formatBytes } from './format';

export type QuotaName = 'uploads_per_minute' | 'concurrent_jobs' | 'bytes_per_day';

// The quotas in force for a user: their own, or the server's defaults.
export type Quotas = Record<QuotaName, number>;

export interface Usage {
  uploads_last_minute: number;
  bytes_last_24h: number;
  active_jobs: number; // queued or running
}

// GET /api/v1/usage: the caller's.
export interface UsageReport {
  quotas: Quotas;
  usage: Usage;
}

// A user's own quotas; null where the server's default applies.
export type QuotaOverrides = Record<QuotaName, number | null>;

// GET /api/v1/admin/users lists these, by name.
export interface AdminUser {
  id: string;
  name: string;
  admin: boolean;
  created_at: string;
  quotas: Quotas;
  quota_overrides: QuotaOverrides;
}

// POST /api/v1/admin/users: the new user with their first key, sent this once.
export interface CreatedUser extends AdminUser {
  key: string;
}

// GET /api/v1/admin/users/{name}: one user with their usage.
export interface AdminUserDetail extends AdminUser {
  usage: Usage;
}

export interface NewUserBody {
  name: string;
  admin?: boolean;
}

// PATCH /api/v1/admin/users/{name}: a field left out stays, null returns it
// to the server's default.
export interface QuotaPatch {
  quota_overrides: Partial<QuotaOverrides>;
}

// One quota: the usage it limits and how it is put in words.
export interface QuotaKind {
  name: QuotaName;
  usage: keyof Usage;
  title: string; // heads its meter and its field
  bytes: boolean; // shown as a size (its form field is in GB)
}

// In the order docs/api.md lists them.
export const QUOTA_KINDS: readonly QuotaKind[] = [
  { name: 'uploads_per_minute', usage: 'uploads_last_minute', title: 'Uploads per minute', bytes: false },
  { name: 'concurrent_jobs', usage: 'active_jobs', title: 'Jobs at once', bytes: false },
  { name: 'bytes_per_day', usage: 'bytes_last_24h', title: 'Upload volume per day', bytes: true },
];

// Usage at or past this share of a limit is "near the limit".
export const NEAR_LIMIT = 0.8;

export const hasLimit = (limit: number): boolean => Number.isFinite(limit) && limit > 0;

// How much of a limit is used, 0 to 100 (a limit lowered below the usage is
// full, not more); null where there is no limit.
export function quotaPercent(used: number, limit: number): number | null {
  if (!hasLimit(limit)) return null;
  return Math.round(Math.min(Math.max(used / limit, 0), 1) * 100);
}

// 'none': no limit; 'ok'; 'near': 80 % or more; 'full': the next request of
// that kind is refused (429).
export type QuotaTone = 'none' | 'ok' | 'near' | 'full';

export function quotaTone(used: number, limit: number): QuotaTone {
  if (!hasLimit(limit)) return 'none';
  if (used >= limit) return 'full';
  return used >= limit * NEAR_LIMIT ? 'near' : 'ok';
}

export const TONE_LABELS: Record<QuotaTone, string> = {
  none: '', ok: '', near: 'near the limit', full: 'limit reached',
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

// "3 of 60 uploads in the last minute", "1.20 GB of 100 GB in the last 24
// hours", "2 jobs queued or running (no limit)".
export function usageLabel(kind: QuotaName, used: number, limit: number): string {
  const limited = hasLimit(limit);
  switch (kind) {
    case 'uploads_per_minute':
      return limited ? `${used} of ${limit} uploads in the last minute`
        : `${used} ${plural(used, 'upload', 'uploads')} in the last minute (no limit)`;
    case 'concurrent_jobs':
      return limited ? `${used} of ${limit} jobs queued or running`
        : `${used} ${plural(used, 'job', 'jobs')} queued or running (no limit)`;
    case 'bytes_per_day':
      return limited ? `${formatBytes(used)} of ${formatBytes(limit)} in the last 24 hours`
        : `${formatBytes(used)} in the last 24 hours (no limit)`;
  }
}

// A quota alone, as the admins' table shows it: "60 a minute", "no limit".
export function quotaLabel(kind: QuotaName, limit: number): string {
  if (!hasLimit(limit)) return 'no limit';
  switch (kind) {
    case 'uploads_per_minute': return `${limit} a minute`;
    case 'concurrent_jobs': return `${limit} at once`;
    case 'bytes_per_day': return `${formatBytes(limit)} a day`;
  }
}

// "(own)": set for this user; "(default)": the server's flag applies.
export function quotaSource(user: Pick<AdminUser, 'quota_overrides'>, kind: QuotaName): 'own' | 'default' {
  const value = user.quota_overrides?.[kind];
  return value === null || value === undefined ? 'default' : 'own';
}

// The server's rule for user names (validate_user_name in
// src/store/store_validation.cpp).
export const MAX_USER_NAME = 64;

export function validateUserName(name: string): string | null {
  if (name === '') return 'Give the user a name, for example "carol".';
  if (name.length > MAX_USER_NAME) return `The name is ${name.length} characters long; at most ${MAX_USER_NAME}.`;
  if (!/^[A-Za-z0-9._@-]+$/.test(name)) return 'Use letters, digits, "-", "_", "." and "@" only (no spaces).';
  return null;
}

export function newUserBody(name: string, admin: boolean): NewUserBody {
  return admin ? { name, admin: true } : { name };
}

// The quota form holds text as typed: empty means the server's default. The
// daily volume is in GB of 1024³ bytes, as formatBytes shows sizes.
export type QuotaDraft = Record<QuotaName, string>;

export const GB = 1024 ** 3;

export function quotaDraft(overrides: QuotaOverrides): QuotaDraft {
  const draft = {} as QuotaDraft;
  for (const { name, bytes } of QUOTA_KINDS) {
    const value = overrides[name];
    // Dividing by a power of two is exact, so saving it back gives the same bytes.
    draft[name] = value === null || value === undefined ? '' : String(bytes ? value / GB : value);
  }
  return draft;
}

type Parsed = { ok: true; value: number | null } | { ok: false; problem: string };

function parseField(kind: QuotaKind, text: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  if (kind.bytes) {
    if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, problem: 'A size in GB, such as 100 or 0.5; 0 is no limit.' };
    const value = Math.round(Number(t) * GB);
    if (!Number.isSafeInteger(value)) return { ok: false, problem: 'That is more than DeepTrace can count.' };
    if (value === 0 && Number(t) > 0) return { ok: false, problem: 'That is less than a byte; 0 is no limit.' };
    return { ok: true, value };
  }
  if (!/^\d+$/.test(t)) return { ok: false, problem: 'A whole number, 0 or more; 0 is no limit.' };
  const value = Number(t);
  if (!Number.isSafeInteger(value)) return { ok: false, problem: 'That is more than DeepTrace can count.' };
  return { ok: true, value };
}

export interface QuotaFormCheck {
  problems: Partial<Record<QuotaName, string>>;
  patch: QuotaPatch | null; // null while a field is wrong
  changed: boolean; // whether the patch changes anything
}

// The PATCH for a user's form: only the quotas that differ from theirs (a
// field left out stays as it is on the server), null for one emptied.
export function checkQuotaDraft(before: QuotaOverrides, draft: QuotaDraft): QuotaFormCheck {
  const problems: QuotaFormCheck['problems'] = {};
  const changes: Partial<QuotaOverrides> = {};
  for (const kind of QUOTA_KINDS) {
    const parsed = parseField(kind, draft[kind.name] ?? '');
    if (!parsed.ok) problems[kind.name] = parsed.problem;
    else if (parsed.value !== (before[kind.name] ?? null)) changes[kind.name] = parsed.value;
  }
  if (Object.keys(problems).length > 0) return { problems, patch: null, changed: false };
  return { problems, patch: { quota_overrides: changes }, changed: Object.keys(changes).length > 0 };
}

// The admins' Users section.
export interface UsersState {
  users: AdminUser[] | null; // null while the first list loads
  issued: CreatedUser | null; // the new user's first key, until dismissed
  editing: string | null; // the user whose quota form is open
  revoking: AdminUser | null; // the user the confirmation asks about
  notice: string | null; // what the last save or revoke came to, announced
}

export type UsersAction =
  | { type: 'listed'; users: AdminUser[] }
  | { type: 'created'; user: CreatedUser }
  | { type: 'dismiss-key' }
  | { type: 'edit'; name: string }
  | { type: 'cancel-edit' }
  | { type: 'updated'; user: AdminUser }
  | { type: 'ask-revoke'; user: AdminUser }
  | { type: 'cancel-revoke' }
  | { type: 'revoked'; name: string; count: number }
  | { type: 'dismiss-notice' };

export const INITIAL_USERS_STATE: UsersState = { users: null, issued: null, editing: null, revoking: null, notice: null };

// The user without the key, for the list.
export function listedUser({ key: _secret, ...user }: CreatedUser): AdminUser {
  return user;
}

// What a revoke came to, in words.
export function revokedText(name: string, count: number): string {
  if (count === 0) return `${name} had no keys to revoke.`;
  return `Revoked ${count} ${count === 1 ? 'key' : 'keys'} of ${name}: they cannot sign in until a new key is added for them.`;
}

const byName = (a: AdminUser, b: AdminUser) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function usersReducer(state: UsersState, action: UsersAction): UsersState {
  switch (action.type) {
    case 'listed':
      return { ...state, users: action.users };
    case 'created': // listed at once; the section asks the server for the list again too
      return { ...state, issued: action.user,
               users: [...(state.users ?? []).filter((u) => u.name !== action.user.name), listedUser(action.user)].sort(byName) };
    case 'dismiss-key':
      return { ...state, issued: null };
    case 'edit':
      return { ...state, editing: action.name, notice: null };
    case 'cancel-edit':
      return { ...state, editing: null };
    case 'updated':
      return { ...state, editing: state.editing === action.user.name ? null : state.editing,
               notice: `Saved the quotas of ${action.user.name}.`,
               users: state.users?.map((u) => (u.name === action.user.name ? action.user : u)) ?? null };
    case 'ask-revoke':
      return { ...state, revoking: action.user, notice: null };
    case 'cancel-revoke':
      return { ...state, revoking: null };
    case 'revoked':
      return { ...state, revoking: null, notice: revokedText(action.name, action.count),
               issued: state.issued?.name === action.name ? null : state.issued };
    case 'dismiss-notice':
      return { ...state, notice: null };
  }
}
