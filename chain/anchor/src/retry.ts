// Waiting: interruptible sleeps, exponential backoff with jitter, retries.

/** Set once on SIGTERM/SIGINT; wakes every sleep so the loop can exit between steps. */
export class StopSignal {
  private stopped = false;
  private readonly wakers = new Set<() => void>();

  get requested(): boolean {
    return this.stopped;
  }

  request(): void {
    this.stopped = true;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  /** Resolves after `ms`, or at once when a stop is requested. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 300_000 };

/** Delay before retry number `attempt` (1-based): doubling, capped, with "equal jitter"
 * (half fixed, half random) so that restarted services do not retry in lockstep. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface RetryOptions {
  attempts: number;
  isRetryable: (error: unknown) => boolean;
  stop: StopSignal;
  policy?: BackoffPolicy;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `action` until it succeeds, fails with a non-retryable error, or `attempts` are used up. */
export async function withRetry<T>(action: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= options.attempts || !options.isRetryable(error) || options.stop.requested) throw error;
      const delay = backoffDelay(attempt, options.policy);
      options.onRetry?.(error, attempt, delay);
      await options.stop.sleep(delay);
    }
  }
}
