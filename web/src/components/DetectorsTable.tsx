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
      <summary className="cursor-pointer text-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">Model card</summary>
      <dl className="mt-1 space-y-1">
        {entries.map(([k, v]) => <CardField key={k} name={k} value={v} />)}
      </dl>
    </details>
  );
}

// Each detector with its score, version and the exact weights it ran.
export function DetectorsTable({ detectors, cards }: { detectors: DetectorResult[]; cards: ModelCard[] }) {
  const cardFor = (name: string) => cards.find((c) => c.name === name);
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="min-w-full text-left text-sm" data-testid="detectors-table">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 sm:px-2">Detector</th>
            <th scope="col" className="px-2 py-2">Score</th>
            <th scope="col" className="hidden px-2 py-2 sm:table-cell">Weight</th>
            <th scope="col" className="hidden px-2 py-2 sm:table-cell">Leaning</th>
            <th scope="col" className="px-2 py-2">Weights sha256</th>
            <th scope="col" className="hidden px-2 py-2 sm:table-cell">Time</th>
          </tr>
        </thead>
        <tbody>
          {detectors.map((d) => {
            const card = cardFor(d.name);
            return (
              <tr key={d.name} className="border-b border-slate-100 align-top">
                <td className="px-4 py-2 sm:px-2">
                  <span className="font-medium">{d.name}</span>
                  <span className="block text-xs text-slate-500">version {d.version}</span>
                  {card && <ModelCardDetails card={card} />}
                </td>
                <td className="px-2 py-2 tabular-nums">{formatScore(d.fake_score)}</td>
                <td className="hidden px-2 py-2 tabular-nums sm:table-cell">{d.weight}</td>
                <td className="hidden px-2 py-2 sm:table-cell">{verdictLabel(d.verdict)}</td>
                <td className="px-2 py-2 font-mono text-xs" title={d.weights_sha256}>{shortHash(d.weights_sha256, 8)}</td>
                <td className="hidden px-2 py-2 tabular-nums sm:table-cell">{formatMs(d.ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
