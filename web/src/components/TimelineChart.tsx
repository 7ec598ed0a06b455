import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartRows, timelineDomain, type TimelineSeries } from '../lib/report';
import type { Thresholds } from '../lib/types';
import { verdictLabel } from '../lib/verdict';

const COLORS = ['#4f46e5', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

// Score against time over the whole clip (0 to `durationS`), one line per
// face track (or the largest face); the landmark-motion windows of a track
// are dashed, one dot per window.
export function TimelineChart({ series, thresholds, durationS }: {
  series: TimelineSeries[];
  thresholds: Thresholds;
  durationS: number;
}) {
  if (series.length === 0) {
    return <p className="text-sm text-slate-600">No frame had a face to score, so there is no timeline.</p>;
  }
  const rows = chartRows(series);
  const domain = timelineDomain(durationS, series);
  return (
    <div className="h-64 w-full sm:h-72" data-testid="timeline-chart" data-domain={domain.join(' ')} role="img"
         aria-label={`Manipulation score over time for ${series.map((s) => s.label).join(', ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="t" type="number" domain={domain} allowDataOverflow={false}
                 tickFormatter={(t: number) => `${t.toFixed(1)}s`} fontSize={12} />
          <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} fontSize={12} width={40} />
          <Tooltip formatter={(v: number) => v.toFixed(3)} labelFormatter={(t: number) => `t = ${t.toFixed(2)} s`} />
          <ReferenceLine y={thresholds.likely_fake} stroke="#ea580c" strokeDasharray="4 4" label={{ value: verdictLabel('likely_fake'), fontSize: 11, position: 'insideTopRight' }} />
          <ReferenceLine y={thresholds.likely_real} stroke="#059669" strokeDasharray="4 4" label={{ value: verdictLabel('likely_real'), fontSize: 11, position: 'insideBottomRight' }} />
          {series.map((s, i) => (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={COLORS[i % COLORS.length]} strokeWidth={2}
                  strokeDasharray={s.kind === 'temporal' ? '6 3' : undefined} dot={{ r: s.kind === 'temporal' ? 4 : 3 }}
                  connectNulls isAnimationActive={false} />
          ))}
          {series.length > 1 && <Legend />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
