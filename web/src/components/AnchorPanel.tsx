// The report's chain anchoring (docs/anchoring.md): whether its digest is on
// chain yet, and when it is, the block, the proof and the command that checks
// it without trusting this server. The wording never says more than anchoring
// proves: the report is unaltered since then, not that its verdict is right.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from '../lib/api';
import {
  anchorFileName, anchorViewFrom, anchorViewFromError, chainLabel, formatBlockTime, reportFileName, saveTextFile,
  verifyCommand, type AnchorView, type JobAnchor,
} from '../lib/anchor';
import { useAuth } from './AuthContext';
import { ErrorNotice } from './ErrorNotice';
import { FactList } from './FactList';

// Asks only servers whose OpenAPI document lists the anchor route, so an
// older server causes no 404s and shows no panel. `text` is the answer
// exactly as sent, for the proof download.
function useJobAnchor(jobId: string) {
  const { handleAuthError } = useAuth();
  const [view, setView] = useState<AnchorView>({ kind: 'hidden' });
  const [text, setText] = useState('');
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    const show = (next: AnchorView, answerText = '') => {
      if (!live) return;
      setView(next);
      setText(answerText);
    };
    api.hasAnchors()
      .then(async (has) => {
        if (!has) return show({ kind: 'hidden' });
        show({ kind: 'loading' });
        const answer = await api.getJobAnchor(jobId);
        show(anchorViewFrom(answer.body), answer.text);
      })
      .catch((e) => { if (!handleAuthError(e)) show(anchorViewFromError(e)); });
    return () => { live = false; };
  }, [jobId, attempt, handleAuthError]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { view, text, reload };
}

export function AnchorPanel({ jobId }: { jobId: string }) {
  const { view, text, reload } = useJobAnchor(jobId);
  return <AnchorPanelView view={view} anchorText={text} jobId={jobId} onReload={reload} />;
}

export function AnchorPanelView({ view, anchorText, jobId, onReload }: {
  view: AnchorView; anchorText: string; jobId: string; onReload: () => void;
}) {
  switch (view.kind) {
    case 'hidden':
      return null;
    case 'loading':
      return <p className="text-sm text-slate-500 dark:text-slate-400" role="status" data-testid="anchor-panel" data-state="loading">Checking chain anchoring…</p>;
    case 'not_anchored':
      return <NotAnchored onReload={onReload} />;
    case 'pending':
      return <Pending anchor={view.anchor} onReload={onReload} />;
    case 'confirmed':
      return <Confirmed anchor={view.anchor} anchorText={anchorText} jobId={jobId} />;
    case 'error':
      return (
        <div data-testid="anchor-panel" data-state="error" className="space-y-2">
          <ErrorNotice error={view.error} title="Cannot show the chain anchoring" />
          <CheckAgain onReload={onReload} />
        </div>
      );
  }
}

function CheckAgain({ onReload }: { onReload: () => void }) {
  return <button type="button" className="link text-sm" onClick={onReload}>Check again</button>;
}

function NotAnchored({ onReload }: { onReload: () => void }) {
  return (
    <section aria-labelledby="anchor-title" data-testid="anchor-panel" data-state="not_anchored"
             className="rounded-lg border border-dashed border-slate-300 dark:border-slate-600 px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
      <h2 id="anchor-title" className="font-medium text-slate-800 dark:text-slate-200">Not anchored on chain (yet)</h2>
      <p className="mt-1">
        Anchoring is optional. Where the server runs it, completed reports are written to a blockchain in batches,
        so a new report can take a few minutes to appear there; until then there is no on-chain record of it.{' '}
        <CheckAgain onReload={onReload} />
      </p>
    </section>
  );
}

function AnchorCard({ state, title, children }: { state: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby="anchor-title" className="card space-y-4" data-testid="anchor-panel" data-state={state}>
      <div>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Chain anchoring</p>
        <h2 id="anchor-title" className="mt-1 text-lg font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
      </div>
      {children}
    </section>
  );
}

function Pending({ anchor, onReload }: { anchor: JobAnchor; onReload: () => void }) {
  const sent = anchor.state === 'submitted' && anchor.tx_hash;
  return (
    <AnchorCard state="pending" title="Anchoring in progress">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        This report is in a batch being written to the {chainLabel(anchor.chain_id)}.{' '}
        {sent ? 'The transaction has been sent and is waiting for confirmation.' : 'Its transaction has not been sent yet.'}{' '}
        <CheckAgain onReload={onReload} />
      </p>
      {sent && <FactList testId="anchor-facts" facts={[{ label: 'Transaction', value: <Hash value={anchor.tx_hash} label="transaction hash" /> }]} />}
    </AnchorCard>
  );
}

function Confirmed({ anchor, anchorText, jobId }: {
  anchor: JobAnchor & { block_number: number }; anchorText: string; jobId: string;
}) {
  return (
    <AnchorCard state="confirmed" title={<>Anchored in block <span className="tabular-nums">{anchor.block_number}</span></>}>
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="anchor-meaning">
        This report&apos;s digest was recorded on chain on {formatBlockTime(anchor.block_time)}. That proves the report has not
        been altered since then; it says nothing about whether the analysis or its verdict is right.
      </p>
      <FactList testId="anchor-facts" facts={[
        { label: 'Block', value: <span className="tabular-nums">{anchor.block_number}</span> },
        { label: 'Block time', value: formatBlockTime(anchor.block_time) },
        { label: 'Chain', value: chainLabel(anchor.chain_id) },
        { label: 'Contract', value: <Hash value={anchor.contract} label="contract address" /> },
        { label: 'Transaction', value: <Hash value={anchor.tx_hash} label="transaction hash" /> },
        { label: 'Merkle root', value: <Hash value={anchor.root} label="Merkle root" /> },
        { label: 'Report digest', value: <Hash value={anchor.digest} label="report digest" /> },
      ]} />
      <ProofList proof={anchor.proof} />
      <VerifySteps anchor={anchor} anchorText={anchorText} jobId={jobId} />
    </AnchorCard>
  );
}

function ProofList({ proof }: { proof: string[] }) {
  if (proof.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="anchor-proof">Merkle proof: empty, because this report was alone in its batch (its leaf is the root).</p>;
  }
  return (
    <details className="text-sm" data-testid="anchor-proof">
      <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
        Merkle proof ({proof.length} {proof.length === 1 ? 'hash' : 'hashes'})
      </summary>
      <ol className="mt-2 list-inside list-decimal space-y-1">
        {proof.map((hash, i) => <li key={`${i}-${hash}`} className="break-all font-mono text-xs">{hash}</li>)}
      </ol>
    </details>
  );
}

function VerifySteps({ anchor, anchorText, jobId }: { anchor: JobAnchor; anchorText: string; jobId: string }) {
  const command = verifyCommand(jobId);
  return (
    <div className="space-y-2 text-sm" data-testid="anchor-verify">
      <h3 className="font-semibold text-slate-900 dark:text-slate-100">Check it yourself</h3>
      <ol className="list-inside list-decimal space-y-2 text-slate-700 dark:text-slate-300">
        <li>
          Save the report with <em>Download report JSON</em> (below) as <code className="text-xs">{reportFileName(jobId)}</code>, and this proof:{' '}
          <button type="button" className="btn-secondary ml-1 px-2 py-1 text-xs"
                  onClick={() => saveTextFile(anchorFileName(jobId), anchorText)}>Download proof JSON</button>
        </li>
        <li>
          Run, with <code className="text-xs">RPC_URL</code> set to any RPC endpoint of the {chainLabel(anchor.chain_id)}:
          <div className="mt-1 flex items-start gap-2 rounded bg-slate-900 p-3">
            <code className="min-w-0 flex-1 break-all font-mono text-xs text-slate-100" data-testid="verify-command">{command}</code>
            <CopyButton text={command} label="command" dark />
          </div>
        </li>
      </ol>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        <code>deeptrace verify</code> recomputes the digest from the report file, checks that the proof leads to the root, and asks the
        contract (a read-only call) whether that root was anchored. It prints <code>valid</code> or <code>invalid</code>.
      </p>
    </div>
  );
}

function Hash({ value, label }: { value: string | undefined; label: string }) {
  if (!value) return <>—</>;
  return (
    <span className="flex items-start gap-2">
      <code className="min-w-0 break-all font-mono text-xs">{value}</code>
      <CopyButton text={value} label={label} />
    </span>
  );
}

function CopyButton({ text, label, dark = false }: { text: string; label: string; dark?: boolean }) {
  const [outcome, setOutcome] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed'); // no clipboard access: the text is selectable
    }
  }
  const tone = dark ? 'border-slate-600 text-slate-100 hover:bg-slate-700' : 'border-slate-300 dark:border-slate-600 text-slate-700 dark:text-slate-300 hover:bg-slate-100 dark:hover:bg-slate-800';
  return (
    <button type="button" onClick={copy} aria-label={`Copy ${label}`}
            className={`shrink-0 rounded border px-1.5 py-0.5 text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${tone}`}>
      {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

// Saves GET /api/v1/jobs/{id} exactly as the server sends it: the file
// `deeptrace verify` reads (docs/anchoring.md §6).
export function DownloadReportButton({ jobId }: { jobId: string }) {
  const { handleAuthError } = useAuth();
  const [error, setError] = useState<unknown>(null);
  async function download() {
    setError(null);
    try {
      saveTextFile(reportFileName(jobId), await api.jobText(jobId));
    } catch (e) {
      if (!handleAuthError(e)) setError(e);
    }
  }
  return (
    <div className="space-y-2">
      <button type="button" className="btn-secondary" onClick={download}>Download report JSON</button>
      {error ? <ErrorNotice error={error} title="Could not download the report" /> : null}
    </div>
  );
}
