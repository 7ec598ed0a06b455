import type { ReactNode } from 'react';
import { formatDateTime, formatMs, shortHash } from '../lib/format';
import {
  actionWords, notFetchedWords, provenanceStatusLabel, provenanceTone, relationshipWords, sourceTypeTerm, sourceTypeWords,
  type ProvenanceTone,
} from '../lib/provenance';
import type { Provenance, ProvenanceManifest } from '../lib/types';
import { FactList, type Fact } from './FactList';

const BADGE_TONES: Record<ProvenanceTone, string> = {
  ok: 'bg-emerald-100 dark:bg-emerald-900/60 text-emerald-900 dark:text-emerald-100 ring-emerald-300 dark:ring-emerald-800',
  problem: 'bg-red-100 dark:bg-red-900/60 text-red-900 dark:text-red-200 ring-red-300 dark:ring-red-800',
  caution: 'bg-amber-100 dark:bg-amber-900/60 text-amber-900 dark:text-amber-200 ring-amber-300 dark:ring-amber-800',
  quiet: 'bg-slate-100 dark:bg-slate-800 text-slate-800 dark:text-slate-200 ring-slate-300 dark:ring-slate-600',
};

// What each status says when the report has no summary sentence.
const FALLBACK_SUMMARY: Record<string, string> = {
  unavailable: 'Content Credentials were not checked.',
  valid: 'The Content Credentials check out.',
  invalid: 'Content Credentials are present but invalid.',
  unverifiable: 'Content Credentials are present but could not be checked here.',
};

// A caution above details read from credentials that did not check out.
const UNCONFIRMED: Record<string, string> = {
  invalid: 'These details were read from credentials that failed validation: they cannot be relied on.',
  unverifiable: 'These details could not be confirmed: the credentials were not checked.',
};

function Subheading({ children }: { children: ReactNode }) {
  return <h3 className="mb-1 mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">{children}</h3>;
}

function trustText(trusted: boolean, trustList: string | null): string {
  if (trusted) return 'On the configured trusted list';
  return trustList === null ? 'Not on a trusted list (none is configured on this server)' : 'Not on a trusted list';
}

function manifestFacts(manifest: ProvenanceManifest, trustList: string | null): Fact[] {
  const { signer } = manifest;
  const facts: Fact[] = [
    { label: 'Signer', value: signer.common_name ?? 'Not named' },
    { label: 'Certificate issuer', value: signer.issuer ?? 'Not named' },
    { label: 'Trusted list', value: <span data-testid="provenance-trust">{trustText(signer.trusted, trustList)}</span> },
    { label: 'Signed at', value: signer.time ? formatDateTime(signer.time) : 'Not stated (no trusted timestamp)' },
  ];
  if (signer.algorithm) facts.push({ label: 'Signature algorithm', value: signer.algorithm });
  facts.push({ label: 'Made with', value: manifest.claim_generator ?? 'Not stated' });
  if (manifest.title) facts.push({ label: 'Title', value: manifest.title });
  if (manifest.format) facts.push({ label: 'Format', value: manifest.format });
  facts.push({ label: 'Manifest', value: <span className="break-all font-mono text-xs">{manifest.label}</span> });
  return facts;
}

// A digital source type in words, with its IPTC term for those who know it.
function SourceType({ type }: { type: string }) {
  const words = sourceTypeWords(type);
  const term = sourceTypeTerm(type);
  return <>{words}{words !== term && <span className="text-xs text-slate-600 dark:text-slate-400"> ({term})</span>}</>;
}

function Actions({ actions }: { actions: ProvenanceManifest['actions'] }) {
  if (actions.length === 0) return null;
  return (
    <>
      <Subheading>What the signer says was done</Subheading>
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="provenance-actions">
        {actions.map((a, i) => (
          <li key={i}>
            <span className="font-medium">{actionWords(a.action)}</span>
            {actionWords(a.action) !== a.action && <> (<code className="text-xs text-slate-700 dark:text-slate-300">{a.action}</code>)</>}
            {a.digital_source_type && <>: <SourceType type={a.digital_source_type} /></>}
            {a.software_agent && <>, with {a.software_agent}</>}
            {a.when && <>, {formatDateTime(a.when)}</>}
          </li>
        ))}
      </ul>
    </>
  );
}

function Ingredients({ ingredients }: { ingredients: ProvenanceManifest['ingredients'] }) {
  if (ingredients.length === 0) return null;
  return (
    <>
      <Subheading>Made from</Subheading>
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="provenance-ingredients">
        {ingredients.map((ing, i) => (
          <li key={i}>
            <span className="font-medium">{ing.title ?? 'Untitled file'}</span>: {relationshipWords(ing.relationship)}
            {ing.relationship && relationshipWords(ing.relationship) !== ing.relationship &&
              <> (<code className="text-xs text-slate-700 dark:text-slate-300">{ing.relationship}</code>)</>}
            {ing.format && <>, {ing.format}</>}
            {'; '}
            {ing.has_manifest ? 'with Content Credentials of its own' : 'without Content Credentials of its own'}
          </li>
        ))}
      </ul>
    </>
  );
}

function Failures({ failures }: { failures: Provenance['failures'] }) {
  if (failures.length === 0) return null;
  return (
    <>
      <Subheading>Validation failures</Subheading>
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="provenance-failures">
        {failures.map((f, i) => (
          <li key={i}>
            <code className="text-xs font-semibold">{f.code}</code>
            {f.explanation && <>: {f.explanation}</>}
            {f.ingredient && <span className="text-slate-700 dark:text-slate-300"> (in an ingredient)</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

function NotFetched({ codes }: { codes: string[] }) {
  if (codes.length === 0) return null;
  return (
    <p className="mt-4 text-sm text-slate-700 dark:text-slate-300" data-testid="provenance-not-fetched">
      Not fetched, because validation runs offline:{' '}
      {codes.map((code, i) => (
        <span key={code}>
          {i > 0 && '; '}{notFetchedWords(code)}
          {notFetchedWords(code) !== code && <> (<code className="text-xs">{code}</code>)</>}
        </span>
      ))}.
    </p>
  );
}

function XmpSourceType({ type }: { type: string | null }) {
  if (!type) return null;
  return (
    <p className="mt-4 text-sm text-slate-700 dark:text-slate-300" data-testid="provenance-xmp">
      The file&apos;s XMP metadata describes it as: <SourceType type={type} />. This is unsigned metadata: anyone can write it.
    </p>
  );
}

// Which SDK read the credentials, and the trust anchors it checked against.
function ReadWith({ provenance }: { provenance: Provenance }) {
  const { sdk, trust_list: trustList, ms } = provenance;
  if (!sdk) return null;
  return (
    <p className="mt-4 text-xs text-slate-600 dark:text-slate-400" data-testid="provenance-sdk">
      Read with {sdk.name} {sdk.version}{typeof ms === 'number' && <> in {formatMs(ms)}</>}, without network access.
      {trustList && <> Trusted list sha256 <span className="font-mono" title={trustList}>{shortHash(trustList, 8)}</span>.</>}
    </p>
  );
}

function Details({ provenance }: { provenance: Provenance }) {
  const { manifest, status } = provenance;
  // What went wrong first: it is why the details after it cannot be relied on.
  return (
    <>
      <Failures failures={provenance.failures} />
      {manifest && (
        <>
          {UNCONFIRMED[status] && <p className="mb-3 mt-4 text-sm font-medium text-slate-800 dark:text-slate-200">{UNCONFIRMED[status]}</p>}
          <FactList facts={manifestFacts(manifest, provenance.trust_list)} testId="provenance-facts" />
          <Actions actions={manifest.actions} />
          <Ingredients ingredients={manifest.ingredients} />
        </>
      )}
    </>
  );
}

// Having none, said here rather than with the report's summary, which
// repeats the XMP line given below it.
function NoCredentials({ reason }: { reason: string | null }) {
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="provenance-summary">
      {reason === 'FORMAT_NOT_SUPPORTED' ? 'The C2PA SDK reads no Content Credentials from this file format.'
        : 'This file carries no Content Credentials.'}{' '}
      Most files carry none, so this is not evidence of manipulation.
    </p>
  );
}

// The file's Content Credentials (C2PA), evidence of their own beside the
// detectors. No credentials, or none checked, is a short quiet panel: most
// files carry none, so it is never evidence of manipulation.
export function ProvenancePanel({ provenance }: { provenance: Provenance }) {
  const { status } = provenance;
  const tone = provenanceTone(status);
  const quiet = tone === 'quiet';
  const summary = provenance.summary || FALLBACK_SUMMARY[status] || '';
  return (
    <section aria-labelledby="provenance-title" className="card [overflow-wrap:anywhere]" data-testid="provenance"
             data-status={status}>
      <div className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id="provenance-title" className="text-lg font-semibold text-slate-900 dark:text-slate-100">Content Credentials</h2>
        <span data-testid="provenance-status" data-tone={tone}
              className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${BADGE_TONES[tone]}`}>
          {provenanceStatusLabel(status)}
        </span>
      </div>
      {status === 'none' ? <NoCredentials reason={provenance.reason} /> : (
        <p className={quiet ? 'text-sm text-slate-700 dark:text-slate-300' : 'mb-3 text-base'} data-testid="provenance-summary">{summary}</p>
      )}
      {!quiet && <Details provenance={provenance} />}
      <NotFetched codes={provenance.not_fetched} />
      <XmpSourceType type={provenance.xmp_digital_source_type} />
      <ReadWith provenance={provenance} />
    </section>
  );
}
