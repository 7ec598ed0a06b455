import { describe, expect, it } from 'vitest';
import { queuePositionOf, queuePositionText } from './queue';

describe('queue position wording', () => {
  it('says who is next, and how many jobs are ahead', () => {
    expect(queuePositionText(0)).toBe('Next in the queue');
    expect(queuePositionText(1)).toBe('1 job ahead in the queue');
    expect(queuePositionText(2)).toBe('2 jobs ahead in the queue');
    expect(queuePositionText(41)).toBe('41 jobs ahead in the queue');
  });

  it('says nothing without a sensible position (an older server sends none)', () => {
    for (const value of [undefined, null, -1, 1.5, Number.NaN]) expect(queuePositionText(value)).toBeNull();
  });

  it('reads the position of a queued job only', () => {
    expect(queuePositionOf({ status: 'PENDING', queue_position: 3 })).toBe(3);
    expect(queuePositionOf({ status: 'PENDING' })).toBeNull();
    expect(queuePositionOf({ status: 'PROCESSING', queue_position: 0 })).toBeNull();
    expect(queuePositionOf({ status: 'COMPLETED', queue_position: 2 })).toBeNull();
  });
});
