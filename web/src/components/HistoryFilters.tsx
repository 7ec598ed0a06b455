import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { JOB_STATUSES, VERDICTS } from '../lib/generated/report';
import { hasFilters, MAX_QUERY_BYTES, NO_FILTERS, rangeProblem, type HistoryFilters, type JobOrder } from '../lib/history';
import type { JobStatus, Verdict } from '../lib/types';
import { verdictLabel } from '../lib/verdict';
import { statusLabel } from './StatusBadge';

function Field({ label, htmlFor, children, className = '' }: {
  label: string; htmlFor: string; children: ReactNode; className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={htmlFor} className="mb-1 block text-sm font-medium">{label}</label>
      {children}
    </div>
  );
}

// The history list's search and filters. Choices apply as they are made;
// the file name applies on Enter or Search, so each keystroke is not a
// request and a page in the browser's history. The statuses and verdicts
// are the contract's, in the words the badges and pills use.
export function HistoryFiltersForm({ filters, onChange }: {
  filters: HistoryFilters; onChange: (next: HistoryFilters) => void;
}) {
  const id = useId();
  const [query, setQuery] = useState(filters.q);
  useEffect(() => setQuery(filters.q), [filters.q]); // Back, Clear filters, a shared link
  const set = (patch: Partial<HistoryFilters>) => onChange({ ...filters, ...patch });
  const problem = rangeProblem(filters);
  const anySet = hasFilters(filters) || filters.order !== NO_FILTERS.order;

  function search(e: FormEvent) {
    e.preventDefault();
    set({ q: query.trim() });
  }

  return (
    <form role="search" aria-label="Search and filter your analyses" onSubmit={search} data-testid="history-filters"
          className="card grid grid-cols-2 gap-3 lg:grid-cols-5">
      <Field label="File name" htmlFor={`${id}-q`} className="col-span-2 lg:col-span-5">
        <div className="flex gap-2">
          <input id={`${id}-q`} type="search" className="field" value={query} maxLength={MAX_QUERY_BYTES}
                 placeholder="Part of the file name" autoComplete="off"
                 onChange={(e) => {
                   setQuery(e.target.value);
                   // Emptying the box (its clear button, or select-all and
                   // delete) shows everything again at once.
                   if (e.target.value === '' && filters.q) set({ q: '' });
                 }} />
          <button type="submit" className="btn-primary shrink-0">Search</button>
        </div>
      </Field>
      <Field label="Status" htmlFor={`${id}-status`}>
        <select id={`${id}-status`} className="field" value={filters.status}
                onChange={(e) => set({ status: e.target.value as JobStatus | '' })}>
          <option value="">Any status</option>
          {JOB_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
        </select>
      </Field>
      <Field label="Verdict" htmlFor={`${id}-verdict`}>
        <select id={`${id}-verdict`} className="field" value={filters.verdict}
                onChange={(e) => set({ verdict: e.target.value as Verdict | '' })}>
          <option value="">Any verdict</option>
          {VERDICTS.map((v) => <option key={v} value={v}>{verdictLabel(v)}</option>)}
        </select>
      </Field>
      <Field label="Submitted from" htmlFor={`${id}-from`}>
        <input id={`${id}-from`} type="date" className="field" value={filters.from} max={filters.to || undefined}
               aria-describedby={problem ? `${id}-range` : undefined} onChange={(e) => set({ from: e.target.value })} />
      </Field>
      <Field label="Submitted to" htmlFor={`${id}-to`}>
        <input id={`${id}-to`} type="date" className="field" value={filters.to} min={filters.from || undefined}
               aria-describedby={problem ? `${id}-range` : undefined} onChange={(e) => set({ to: e.target.value })} />
      </Field>
      <Field label="Order" htmlFor={`${id}-order`}>
        <select id={`${id}-order`} className="field" value={filters.order}
                onChange={(e) => set({ order: e.target.value as JobOrder })}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </Field>
      {anySet && (
        <div className="flex items-end">
          <button type="button" className="btn-secondary w-full lg:w-auto" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </button>
        </div>
      )}
      {problem && (
        <p id={`${id}-range`} role="alert" className="col-span-2 text-sm text-red-700 dark:text-red-300 lg:col-span-5">{problem}</p>
      )}
    </form>
  );
}
