// The service's outer loop: rounds every interval, exponential backoff with
// jitter after a failed round, exit on a stop request or a fatal error.
import { ApiError } from "./api.js";
import type { Logger } from "./log.js";
import { FatalChainError } from "./registry.js";
import { backoffDelay, type StopSignal } from "./retry.js";
import type { AnchorService } from "./service.js";

/** Errors no retry can fix: a non-admin or wrong key, a wrong chain or contract. */
export function isFatal(error: unknown): boolean {
  return error instanceof FatalChainError || (error instanceof ApiError && (error.status === 401 || error.status === 403));
}

export interface LoopOptions {
  intervalS: number;
  once: boolean;
  /** Start-up checks (chain, contract, role), retried like a round until they pass. */
  checkSetup?: () => Promise<void>;
}

/** Returns the process exit code: 0 after a stop request or a good --once round, 1 on failure. */
export async function runLoop(service: AnchorService, options: LoopOptions, log: Logger, stop: StopSignal): Promise<number> {
  let failures = 0;
  let ready = options.checkSetup === undefined;
  while (!stop.requested) {
    try {
      if (!ready) {
        await options.checkSetup!();
        ready = true;
      }
      const result = await service.round();
      failures = 0;
      log("info", "round done", { ...result });
      if (options.once) return 0;
      await stop.sleep(options.intervalS * 1000);
    } catch (error) {
      failures++;
      if (isFatal(error) || options.once) {
        log("error", "round failed; exiting", { error });
        return 1;
      }
      const delayMs = backoffDelay(failures);
      log("error", "round failed; retrying", { error, attempt: failures, delay_ms: Math.round(delayMs) });
      await stop.sleep(delayMs);
    }
  }
  log("info", "stopped");
  return 0;
}
