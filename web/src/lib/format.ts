// Human formatting for sizes, speeds, durations, scores and timestamps.
import type { Stage } from './types';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number | undefined | null): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${Math.round(Math.min(Math.max(fraction, 0), 1) * 100)}%`;
}

// Elapsed time as m:ss (or h:mm:ss), the way a stopwatch shows it.
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0:00';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

// A moment in the media as m:ss.s: one decimal, because sampled frames of a
// short clip are often less than a second apart.
export function formatClock(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const tenths = Math.round(seconds * 10);
  const m = Math.floor(tenths / 600);
  const s = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return `${m}:${s}`;
}

export function formatMs(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatSeconds(s: number | undefined | null): string {
  if (s === undefined || s === null || !Number.isFinite(s)) return '—';
  return `${s.toFixed(s < 10 ? 2 : 1)} s`;
}

export function formatScore(score: number | undefined | null): string {
  if (score === undefined || score === null || !Number.isFinite(score)) return '—';
  return score.toFixed(2);
}

export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

// Long hashes stay verifiable but readable: the start and end, full on hover.
export function shortHash(hash: string | undefined, keep = 10): string {
  if (!hash) return '—';
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-keep)}`;
}

const STAGE_LABELS: Record<Stage, string> = {
  queued: 'Waiting for a worker',
  starting: 'Starting',
  decode: 'Decoding frames',
  faces: 'Finding faces',
  classify: 'Running detectors',
  temporal: 'Following landmarks over time',
  audio: 'Checking the voice',
  done: 'Writing the report',
};

// `stage` is typed by the contract; a stage a newer server adds is shown by name.
export function stageLabel(stage: Stage): string {
  return STAGE_LABELS[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1);
}
