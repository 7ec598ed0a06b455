// An accessible progress bar: screen readers get the value and its label.
export function ProgressBar({ fraction, label, tone = 'indigo' }: {
  fraction: number | null;
  label: string;
  tone?: 'indigo' | 'slate';
}) {
  const pct = fraction === null ? null : Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
  const fill = tone === 'indigo' ? 'bg-indigo-600' : 'bg-slate-500';
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100}
         aria-valuenow={pct ?? undefined} className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
      <div className={`h-full ${fill} transition-[width] duration-300 ${pct === null ? 'w-1/3 animate-pulse' : ''}`}
           style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
