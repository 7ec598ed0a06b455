import { describe, expect, it } from 'vitest';
import { uploadStats } from './upload';

describe('uploadStats', () => {
  it('computes fraction, average speed and time left', () => {
    const s = uploadStats(5_000_000, 20_000_000, 1_000, 3_000);
    expect(s.fraction).toBe(0.25);
    expect(s.bytesPerSecond).toBe(2_500_000);
    expect(s.etaSeconds).toBe(6);
  });

  it('handles the first event, a finished upload and an unknown total', () => {
    expect(uploadStats(0, 100, 5, 5).etaSeconds).toBeNull();
    expect(uploadStats(100, 100, 0, 1000).etaSeconds).toBeNull();
    expect(uploadStats(100, 100, 0, 1000).fraction).toBe(1);
    expect(uploadStats(50, 0, 0, 1000).fraction).toBe(0);
  });
});
