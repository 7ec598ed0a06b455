import { describe, expect, it } from 'vitest';
import { createLimiter, runQueue } from './limit';

// A promise the test settles by hand.
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createLimiter', () => {
  it('runs at most `max` tasks at once, the rest in the order they asked', async () => {
    const limit = createLimiter(2);
    const gates = [0, 1, 2, 3].map(() => deferred());
    const started: number[] = [];
    const done = gates.map((gate, i) => limit(async () => { started.push(i); await gate.promise; return i; }));
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a task that fails, or throws before its promise', async () => {
    const limit = createLimiter(1);
    const failed = limit(() => Promise.reject(new Error('refused')));
    const threw = limit(() => { throw new Error('at once'); });
    const next = limit(async () => 'ran');
    await expect(failed).rejects.toThrow('refused');
    await expect(threw).rejects.toThrow('at once');
    expect(await next).toBe('ran');
  });

  it('refuses a limit below 1', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
    expect(() => createLimiter(1.5)).toThrow(RangeError);
  });
});

describe('runQueue', () => {
  it('works through every item two at a time and resolves when all are done, failures included', async () => {
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    await runQueue(['a', 'b', 'c', 'd', 'e'], 2, async (item) => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      seen.push(item);
      if (item === 'b') throw new Error('one bad file');
    });
    expect(most).toBe(2);
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('resolves at once for no items', async () => {
    await expect(runQueue([], 2, async () => { throw new Error('never'); })).resolves.toBeUndefined();
  });
});
