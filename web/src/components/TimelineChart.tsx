import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DARK_CHART, LIGHT_CHART } from '../lib/chartTheme';
import { chartRows, timelineDomain, type TimelineSeries } from '../lib/report';
import type { Thresholds } from '../lib/types';
import { verdictLabel } from '../lib/verdict';
import { useDarkScreen } from './useDarkScreen';

// The sampled time under the pointer when the chart is clicked: recharts
// reports the nearest row's `t` as the active label.
function pickedTime(state: unknown): number | null {
  const label = (state as { activeLabel?: unknown } | null)?.activeLabel;
  const t = typeof label === 'string' ? Number(label) : label;
  return typeof t === 'number' && Number.isFinite(t) ? t : null;
}

// Score against time over the whole clip (0 to `durationS`), one line per
// face track (or the largest face); the landmark-motion windows of a track
// are dashed, one dot per window. Colours follow the theme (lib/chartTheme.ts).
// With a player beside it: `currentTime` marks where the video is, and
// clicking a point calls `onPick` with that sample's time (the player's
// buttons are the keyboard's way to the same frames).
export function TimelineChart({ series, thresholds, durationS, currentTime = null, onPick }: {
  series: TimelineSeries[];
  thresholds: Thresholds;
  durationS: number;
  currentTime?: number | null;
  onPick?: (t: number) => void;
}) {
  const palette = useDarkScreen() ? DARK_CHART : LIGHT_CHART;
  if (series.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No frame had a face to score, so there is no timeline.</p>;
  }
  const rows = chartRows(series);
  const domain = timelineDomain(durationS, series);
  const axis = { fontSize: 12, stroke: palette.axis, tick: { fill: palette.text } };
  return (
    <div className={`h-64 w-full sm:h-72 print:h-48 ${onPick ? 'cursor-pointer' : ''}`} data-testid="timeline-chart"
         data-domain={domain.join(' ')} data-current-time={currentTime ?? undefined} role="img"
         aria-label={`Manipulation score over time for ${series.map((s) => s.label).join(', ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
                   onClick={onPick && ((state: unknown) => { const t = pickedTime(state); if (t !== null) onPick(t); })}>
          <CartesianGrid strokeDasharray="3 3" stroke={palette.grid} />
          <XAxis dataKey="t" type="number" domain={domain} allowDataOverflow={false}
                 tickFormatter={(t: number) => `${t.toFixed(1)}s`} {...axis} />
          <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} width={40} {...axis} />
          <Tooltip formatter={(v: number) => v.toFixed(3)} labelFormatter={(t: number) => `t = ${t.toFixed(2)} s`}
                   contentStyle={{ background: palette.tooltip.background, borderColor: palette.tooltip.border }}
                   labelStyle={{ color: palette.tooltip.text }} />
          <ReferenceLine y={thresholds.likely_fake} stroke={palette.likelyFake} strokeDasharray="4 4"
                         label={{ value: verdictLabel('likely_fake'), fontSize: 11, position: 'insideTopRight', fill: palette.likelyFake }} />
          <ReferenceLine y={thresholds.likely_real} stroke={palette.likelyReal} strokeDasharray="4 4"
                         label={{ value: verdictLabel('likely_real'), fontSize: 11, position: 'insideBottomRight', fill: palette.likelyReal }} />
          {currentTime !== null && (
            <ReferenceLine x={currentTime} stroke={palette.text} strokeWidth={1.5} ifOverflow="hidden" className="playhead" />
          )}
          {series.map((s, i) => (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={palette.series[i % palette.series.length]} strokeWidth={2}
                  strokeDasharray={s.kind === 'temporal' ? '6 3' : undefined} dot={{ r: s.kind === 'temporal' ? 4 : 3, fill: palette.background }}
                  connectNulls isAnimationActive={false} />
          ))}
          {/* The key's words in the text colour: a line's own colour is too faint for small text. */}
          {series.length > 1 && <Legend formatter={(value: string) => <span style={{ color: palette.text }}>{value}</span>} />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
