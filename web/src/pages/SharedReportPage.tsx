// What a share link opens (/shared/:token, the `url` the API answers a new
// link with): one report, read-only, for anyone holding the link and without
// signing in. It asks only GET /api/v1/shared/{token} and that link's
// artifacts, never a route that needs a session, and offers no way into the
// rest of DeepTrace (no navigation, no job actions).
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { ErrorNotice } from '../components/ErrorNotice';
import { FactList } from '../components/FactList';
import { ThemeToggle } from '../components/ThemeToggle';
import { AnchorPanelView } from '../components/AnchorPanel';
import { ApiError, api } from '../lib/api';
import { anchorViewFrom, chainLabel, reportFileName, saveTextFile, type JobAnchor } from '../lib/anchor';
import { explainError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import type { SharedReport } from '../lib/shares';
import { notApplicableReason } from '../lib/verdict';

// The report (and its chart library) loads only when a report is shown.
const ReportView = lazy(() => import('../components/ReportView').then((m) => ({ default: m.ReportView })));

type SharedState =
  | { kind: 'loading' }
  | { kind: 'shown'; copy: SharedReport }
  | { kind: 'gone' } // SHARE_NOT_FOUND: revoked, expired, or its job deleted
  | { kind: 'error'; error: unknown };

// The token is in the page's address: tell the browser to send no Referer
// from this page, as the API's own answers for the link say.
function useNoReferrer() {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'referrer';
    meta.content = 'no-referrer';
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
}

function useSharedReport(token: string) {
  const [state, setState] = useState<SharedState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api.sharedReport(token)
      .then((copy) => live && setState({ kind: 'shown', copy }))
      .catch((e: unknown) => {
        if (!live) return;
        setState(e instanceof ApiError && e.code === 'SHARE_NOT_FOUND' ? { kind: 'gone' } : { kind: 'error', error: e });
      });
    return () => { live = false; };
  }, [token, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

// A header of its own: the name, and the theme toggle; no navigation, no
// sign-out, since the visitor has no session here.
export function SharedPageFrame({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="bg-indigo-700 text-white dark:border-b dark:border-indigo-900 dark:bg-indigo-950 print:hidden">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <span className="text-lg font-bold tracking-tight">DeepTrace</span>
          <span className="text-sm text-indigo-100">Shared report</span>
          <div className="ml-auto"><ThemeToggle /></div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">{children}</main>
    </div>
  );
}

function anchorSummary(anchor: JobAnchor | null): ReactNode {
  if (!anchor) return 'Not anchored on a blockchain.';
  if (anchor.state === 'confirmed') {
    return (
      <span className="space-y-1">
        <span className="block">Block <span className="tabular-nums">{anchor.block_number}</span> on the {chainLabel(anchor.chain_id)}</span>
        <span className="block">Transaction <code className="break-all font-mono text-xs">{anchor.tx_hash}</code></span>
      </span>
    );
  }
  return `Being anchored on the ${chainLabel(anchor.chain_id)}; not confirmed yet.`;
}

// Said first, plainly: this is a copy someone shared, it cannot be changed
// here, and until when the link opens it. Who shared it is not told.
export function SharedCopyNotice({ copy }: { copy: SharedReport }) {
  const { share, job, report_digest: digest, anchor } = copy;
  return (
    <section aria-labelledby="shared-title" data-testid="shared-banner"
             className="space-y-3 rounded-lg border border-indigo-200 bg-indigo-50 p-4 text-sm text-indigo-950 dark:border-indigo-800 dark:bg-indigo-950/40 dark:text-indigo-50 sm:p-6">
      <div>
        <p className="text-xs font-semibold uppercase tracking-wide text-indigo-800 dark:text-indigo-200">Shared, read-only copy</p>
        <h1 id="shared-title" className="mt-1 break-all text-xl font-bold sm:text-2xl">
          {job.media?.filename || job.result?.media.filename || 'DeepTrace report'}
        </h1>
        <p className="mt-2">
          This DeepTrace report was shared with you by link. It is a read-only copy: it cannot be changed or re-run here,
          and nothing else of its owner&apos;s is shown.
        </p>
      </div>
      <FactList testId="shared-facts" facts={[
        { label: 'Analysed', value: formatDateTime(job.finished_at ?? job.created_at) },
        { label: 'Link', value: <span data-testid="shared-expiry">{share.expires_at
          ? `expires ${formatDateTime(share.expires_at)}` : 'does not expire (until its owner revokes it)'}</span> },
        { label: 'Report digest', value: (
          <span className="block space-y-1">
            <code className="block break-all font-mono text-xs" data-testid="shared-digest">{digest}</code>
            <span className="block text-xs text-indigo-900 dark:text-indigo-200">
              Keccak-256 of the file&apos;s SHA-256 and the report: what chain anchoring records.
            </span>
          </span>
        ) },
        { label: 'Chain anchor', value: <span data-testid="shared-anchor" data-state={anchor?.state ?? 'none'}>{anchorSummary(anchor)}</span> },
      ]} />
    </section>
  );
}

// Where the owner's page has its anchor panel and download: the link's own
// anchor (with the steps to check it without trusting this server) and the
// shared job's JSON, the file `deeptrace verify` reads.
function SharedProof({ copy, onReload }: { copy: SharedReport; onReload: () => void }) {
  const { job, anchor } = copy;
  return (
    <div className="space-y-4 print:hidden">
      {anchor && <AnchorPanelView view={anchorViewFrom(anchor)} anchorText={JSON.stringify(anchor, null, 2)}
                                  jobId={job.job_id} onReload={onReload} />}
      <button type="button" className="btn-secondary"
              onClick={() => saveTextFile(reportFileName(job.job_id), copy.jobJson)}>
        Download report JSON
      </button>
    </div>
  );
}

export function SharedLinkGone() {
  return (
    <section aria-labelledby="gone-title" className="card space-y-2" data-testid="share-gone">
      <h1 id="gone-title" className="text-xl font-bold">This link has expired or was revoked</h1>
      <p className="text-sm text-slate-700 dark:text-slate-300">{explainError('SHARE_NOT_FOUND')}</p>
      <p className="text-xs text-slate-500 dark:text-slate-400">Error code <code>SHARE_NOT_FOUND</code></p>
    </section>
  );
}

export function SharedCopy({ copy, token, onReload }: { copy: SharedReport; token: string; onReload: () => void }) {
  const { job } = copy;
  return (
    <div className="space-y-4">
      <SharedCopyNotice copy={copy} />
      {job.result ? (
        <Suspense fallback={<p className="card text-sm text-slate-600 dark:text-slate-400" role="status">Loading the report…</p>}>
          <ReportView jobId={job.job_id} report={job.result} anchoring={false} sharedToken={token} />
        </Suspense>
      ) : <p className="card text-sm">{notApplicableReason(null)}</p>}
      <SharedProof copy={copy} onReload={onReload} />
    </div>
  );
}

export function SharedReportPage() {
  const { token = '' } = useParams();
  const { state, reload } = useSharedReport(token);
  useNoReferrer();
  return (
    <SharedPageFrame>
      {state.kind === 'loading' && <p className="card text-sm text-slate-600 dark:text-slate-400" role="status">Loading the shared report…</p>}
      {state.kind === 'gone' && <SharedLinkGone />}
      {state.kind === 'error' && (
        <div className="space-y-2">
          <h1 className="text-xl font-bold">Cannot show the shared report</h1>
          <ErrorNotice error={state.error} title="The report could not be loaded" />
        </div>
      )}
      {state.kind === 'shown' && <SharedCopy copy={state.copy} token={token} onReload={reload} />}
    </SharedPageFrame>
  );
}
