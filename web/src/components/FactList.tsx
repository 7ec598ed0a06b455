import type { ReactNode } from 'react';

export interface Fact {
  label: string;
  value: ReactNode;
}

// A compact two-column definition list that stacks on small screens.
export function FactList({ facts, testId }: { facts: Fact[]; testId?: string }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid={testId}>
      {facts.map((f) => (
        <div key={f.label} className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{f.label}</dt>
          <dd className="mb-2 min-w-0 break-words sm:mb-0">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
