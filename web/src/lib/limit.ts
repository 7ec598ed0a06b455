// Bounded concurrency: at most `max` tasks run at once, the rest wait their
// turn in the order they asked. Used for the Upload page's batch (two
// uploads at a time) and History's thumbnails (a few fetches at a time).
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limit of at least 1, not ${max}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) => new Promise<T>((resolve, reject) => {
    const start = () => {
      active++;
      let running: Promise<T>;
      try {
        running = task();
      } catch (e) {
        running = Promise.reject(e);
      }
      running.then(resolve, reject).finally(next);
    };
    if (active < max) start();
    else waiting.push(start);
  });
}

// Runs `work` on every item, at most `max` at once, in order; one item's
// failure neither stops the others nor rejects the whole (each item is
// expected to record its own outcome). Resolves once every item is done.
export async function runQueue<T>(items: readonly T[], max: number,
                                  work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  const limit = createLimiter(max);
  await Promise.allSettled(items.map((item, i) => limit(() => work(item, i))));
}
