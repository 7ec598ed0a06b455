import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatElapsed, formatMs, formatPercent, formatScore, formatSpeed, shortHash, stageLabel } from './format';
import { STAGES } from './generated/report';
import type { Stage } from './types';

describe('format', () => {
  it('formats byte counts with binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MB');
    expect(formatBytes(1024 ** 3)).toBe('1.00 GB');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats speed, percent and scores', () => {
    expect(formatSpeed(2 * 1024 * 1024)).toBe('2.00 MB/s');
    expect(formatSpeed(0)).toBe('—');
    expect(formatPercent(0.456)).toBe('46%');
    expect(formatPercent(1.5)).toBe('100%');
    expect(formatScore(0.12345)).toBe('0.12');
    expect(formatScore(null)).toBe('—');
  });

  it('formats elapsed time like a stopwatch', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(65_400)).toBe('1:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatElapsed(-5)).toBe('0:00');
  });

  it('formats milliseconds and stages', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(2500)).toBe('2.50 s');
    expect(stageLabel('decode')).toBe('Decoding frames');
    expect(stageLabel('tracking' as Stage)).toBe('Tracking');
    expect(stageLabel('queued')).toBe('Waiting for a worker');
    for (const stage of STAGES) expect(stageLabel(stage)).not.toBe(stage);
  });

  it('shortens hashes but keeps both ends', () => {
    const h = 'a'.repeat(10) + 'b'.repeat(44) + 'c'.repeat(10);
    expect(shortHash(h)).toBe(`${'a'.repeat(10)}…${'c'.repeat(10)}`);
    expect(shortHash('abc')).toBe('abc');
  });

  it('formats a moment in the media as m:ss.s', () => {
    expect(formatClock(0)).toBe('0:00.0');
    expect(formatClock(2.8000000000000003)).toBe('0:02.8');
    expect(formatClock(71.25)).toBe('1:11.3');
    expect(formatClock(59.96)).toBe('1:00.0');
    expect(formatClock(-1)).toBe('—');
    expect(formatClock(null)).toBe('—');
  });
});
