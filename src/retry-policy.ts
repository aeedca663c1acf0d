import { abortable } from "./abortable.js";
import type { Clock } from "./clock.js";
import { parseHttpDate } from "./http-date.js";

/**
 * Parses `Retry-After` into milliseconds from `now`, as RFC 9110 (§10.2.3) defines it: delay-seconds
 * (digits only) or an HTTP-date. Anything else (`0x10`, `1e3`, `-5`, `soon`) is ignored, and the
 * caller backs off instead: a number a lenient parser reads in it is not what the server meant.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value)) return +value * 1000;
  const at = parseHttpDate(value, now);
  return at === undefined ? undefined : Math.max(0, at - now);
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
