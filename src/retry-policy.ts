import { abortable } from "./abortable.js";
import type { Clock } from "./clock.js";

/** Parses `Retry-After` (delay-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const ms = Number.isNaN(+value) ? Date.parse(value) - now : +value * 1000;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** Exponential backoff with up to 25% jitter: ~0.5 s, 1 s, 2 s … capped at 8 s. */
export function backoffDelay(retry: number): number {
  const base = Math.min(8_000, 500 * 2 ** retry);
  return Math.round(base * (1 - Math.random() * 0.25));
}

/** Waits `ms` on `clock`, or rejects with a signal's reason as soon as one of them aborts. */
export function sleep(clock: Clock, ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return abortable(signals, (resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    return () => clock.clearTimeout(timer);
  });
}
