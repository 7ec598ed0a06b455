import { formatMs, formatScore, shortHash } from '../lib/format';
import { cardEntries } from '../lib/modelCards';
import type { DetectorResult, ModelCard } from '../lib/types';
import { verdictLabel } from '../lib/verdict';

function cardValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(cardValue).join('; ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}: ${cardValue(v)}`).join(', ');
  }
  return String(value);
}

function CardField({ name, value }: { name: string; value: unknown }) {
  const label = name.replace(/_/g, ' ');
  if (Array.isArray(value)) {
    return (
      <div><dt className="font-medium">{label}:</dt>
        <dd><ul className="ml-4 list-disc">{value.map((v, i) => <li key={i}>{cardValue(v)}</li>)}</ul></dd>
      </div>
    );
  }
  return <div><dt className="inline font-medium">{label}: </dt><dd className="inline break-words">{cardValue(value)}</dd></div>;
}

function ModelCardDetails({ card }: { card: ModelCard }) {
  const entries = cardEntries(card);
  if (entries.length === 0) return null;
  return (
    <details className="mt-1 max-w-prose text-xs" data-testid="model-card">
      <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">Model card</summary>
      <dl className="mt-1 space-y-1">
        {entries.map(([k, v]) => <CardField key={k} name={k} value={v} />)}
      </dl>
    </details>
  );
}

// On a phone each detector is a card with every column's value, labelled;
// a table would cut columns off (issue 18, defect 9).
function DetectorCards({ detectors, cardFor }: {
  detectors: DetectorResult[]; cardFor: (name: string) => ModelCard | undefined;
}) {
  return (
    <ul className="space-y-3 sm:hidden" aria-label="Detectors" data-testid="detector-cards">
      {detectors.map((d) => {
        const card = cardFor(d.name);
        return (
          <li key={d.name} className="rounded border border-slate-200 dark:border-slate-700 p-3" data-testid="detector-card">
            <p className="font-medium">{d.name} <span className="text-xs font-normal text-slate-500 dark:text-slate-400">version {d.version}</span></p>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
              <dt className="text-slate-500 dark:text-slate-400">Score</dt><dd className="tabular-nums">{formatScore(d.fake_score)}</dd>
              <dt className="text-slate-500 dark:text-slate-400">Leaning</dt><dd>{verdictLabel(d.verdict)}</dd>
              <dt className="text-slate-500 dark:text-slate-400">Weight</dt><dd className="tabular-nums">{d.weight}</dd>
              <dt className="text-slate-500 dark:text-slate-400">Time</dt><dd className="tabular-nums">{formatMs(d.ms)}</dd>
              <dt className="text-slate-500 dark:text-slate-400">Weights</dt>
              <dd className="break-all font-mono text-xs" title={d.weights_sha256}>{shortHash(d.weights_sha256, 8)}</dd>
            </dl>
            {card && <ModelCardDetails card={card} />}
          </li>
        );
      })}
    </ul>
  );
}

// Each detector with its score, version and the exact weights it ran: a
// table from small screens up, labelled cards on a phone.
export function DetectorsTable({ detectors, cards }: { detectors: DetectorResult[]; cards: ModelCard[] }) {
  const cardFor = (name: string) => cards.find((c) => c.name === name);
  return (
    <>
    <DetectorCards detectors={detectors} cardFor={cardFor} />
    <div className="hidden sm:block">
      <table className="min-w-full text-left text-sm" data-testid="detectors-table">
        <thead className="border-b border-slate-200 dark:border-slate-700 text-xs uppercase text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-2 py-2">Detector</th>
            <th scope="col" className="px-2 py-2">Score</th>
            <th scope="col" className="px-2 py-2">Weight</th>
            <th scope="col" className="px-2 py-2">Leaning</th>
            <th scope="col" className="px-2 py-2">Weights sha256</th>
            <th scope="col" className="px-2 py-2">Time</th>
          </tr>
        </thead>
        <tbody>
          {detectors.map((d) => {
            const card = cardFor(d.name);
            return (
              <tr key={d.name} className="border-b border-slate-100 dark:border-slate-800 align-top">
                <td className="px-2 py-2">
                  <span className="font-medium">{d.name}</span>
                  <span className="block text-xs text-slate-500 dark:text-slate-400">version {d.version}</span>
                  {card && <ModelCardDetails card={card} />}
                </td>
                <td className="px-2 py-2 tabular-nums">{formatScore(d.fake_score)}</td>
                <td className="px-2 py-2 tabular-nums">{d.weight}</td>
                <td className="px-2 py-2">{verdictLabel(d.verdict)}</td>
                <td className="px-2 py-2 font-mono text-xs" title={d.weights_sha256}>{shortHash(d.weights_sha256, 8)}</td>
                <td className="px-2 py-2 tabular-nums">{formatMs(d.ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
    </>
  );
}
