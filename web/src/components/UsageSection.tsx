// Settings' "Usage & quotas" section (issue 17): for each of the user's
// quotas, what they have used of it, in words and as a meter, from GET
// /api/v1/usage, with a Refresh button. A server without quotas (no /usage
// in its OpenAPI document) gets no section at all. The meters are the
// admins' view of a user's usage too (AdminUsers).
import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../lib/api';
import {
  QUOTA_KINDS, quotaPercent, quotaTone, TONE_LABELS, usageLabel, type QuotaKind, type QuotaTone, type UsageReport,
} from '../lib/quotas';
import { useAuth } from './AuthContext';
import { ErrorNotice } from './ErrorNotice';

const BADGE = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset';
const MUTED = 'text-slate-600 dark:text-slate-400';

const TONE_BADGE: Partial<Record<QuotaTone, string>> = {
  near: 'bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950/40 dark:text-amber-200 dark:ring-amber-800',
  full: 'bg-red-50 text-red-800 ring-red-300 dark:bg-red-950/40 dark:text-red-200 dark:ring-red-800',
};

const TONE_FILL: Record<QuotaTone, string> = {
  none: 'bg-slate-500', ok: 'bg-indigo-600', near: 'bg-amber-500', full: 'bg-red-600',
};

// One quota: its name, the usage in words, a badge near or at the limit (so
// colour is not the only sign), and a meter where there is a limit.
export function QuotaMeter({ kind, used, limit }: { kind: QuotaKind; used: number; limit: number }) {
  const titleId = useId();
  const text = usageLabel(kind.name, used, limit);
  const tone = quotaTone(used, limit);
  const pct = quotaPercent(used, limit);
  const toneLabel = TONE_LABELS[tone];
  return (
    <li className="space-y-1" data-testid="quota" data-quota={kind.name} data-tone={tone}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span id={titleId} className="text-sm font-medium">{kind.title}</span>
        {toneLabel && <span className={`${BADGE} ${TONE_BADGE[tone]}`} data-testid="quota-tone">{toneLabel}</span>}
      </div>
      <p className={`text-sm ${MUTED}`} data-testid="quota-usage">{text}</p>
      {pct !== null && (
        <div role="meter" aria-labelledby={titleId} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={Math.min(used, limit)}
             aria-valuetext={toneLabel ? `${text}, ${toneLabel}` : text}
             className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
          <div className={`h-full ${TONE_FILL[tone]} transition-[width] duration-300`} style={{ width: `${pct}%` }} />
        </div>
      )}
    </li>
  );
}

export function QuotaMeters({ report, label }: { report: UsageReport; label: string }) {
  return (
    <ul className="space-y-4" aria-label={label} data-testid="quota-meters">
      {QUOTA_KINDS.map((kind) => (
        <QuotaMeter key={kind.name} kind={kind} used={report.usage[kind.usage] ?? 0} limit={report.quotas[kind.name] ?? 0} />
      ))}
    </ul>
  );
}

// What the section shows: the meters once loaded, the error of the last
// load (the meters of the one before stay), and when they were read.
export function UsageView({ report, error, loading, checkedAt, onRefresh }: {
  report: UsageReport | null; error: unknown; loading: boolean; checkedAt: string | null; onRefresh: () => void;
}) {
  return (
    <section aria-labelledby="usage-title" className="card space-y-4" aria-busy={loading} data-testid="usage-section">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id="usage-title" className="h2">Usage &amp; quotas</h2>
          <p className={`text-sm ${MUTED}`}>
            How much you may upload, and how much of it you have used. An upload over a limit is refused until your usage
            falls below it again; an administrator can give you more.
          </p>
        </div>
        <button type="button" className="btn-secondary py-1" onClick={onRefresh} disabled={loading} aria-label="Refresh usage">
          {loading && report ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {error ? <ErrorNotice error={error} title="Could not load your usage" /> : null}
      {report ? <QuotaMeters report={report} label="Your quotas" />
        : !error && <p className={`text-sm ${MUTED}`} role="status">Loading…</p>}
      {report && <p className={`text-xs ${MUTED}`} role="status" data-testid="usage-checked">{checkedAt ? `As of ${checkedAt}.` : ''}</p>}
    </section>
  );
}

export function UsageSection() {
  const { handleAuthError } = useAuth();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.hasUsage().then((yes) => { if (live) setAvailable(yes); });
    return () => { live = false; };
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setReport(await api.usage());
      setError(null);
      setCheckedAt(new Date().toLocaleTimeString());
    } catch (e) {
      if (!handleAuthError(e)) setError(e);
    } finally {
      setLoading(false);
    }
  }, [handleAuthError]);

  useEffect(() => { if (available) void load(); }, [available, load]);

  // Until the server has said whether it has quotas, the section waits in
  // place (loading); a server without them shows none.
  if (available === false) return null;
  return <UsageView report={report} error={error} loading={loading} checkedAt={checkedAt} onRefresh={() => void load()} />;
}
