import type { PacingSignal } from "../pacing.js";

/**
 * What a failure means for the caller, and so what to do about it:
 * - `invalid`: bad params or options; nothing was sent. Fix the input.
 * - `refused`: the server refused this request (400, 404, other 4xx). Repeating it unchanged won't help.
 * - `misconfigured`: the client's settings are wrong (a redirect, 401, 403, 405, or a 2xx that is not
 *   the expected answer): every call will fail alike until `baseUrl`, `apiKey` or `apiUsername` is fixed.
 * - `throttled`: the server asked to slow down or is in maintenance (429, 503). Try again later.
 * - `unavailable`: the server failed or could not be reached (408, other 5xx, connection errors,
 *   timeouts). Try again later.
 *
 * The client retries `throttled` and `unavailable` failures; nothing else.
 */
export type ErrorKind = "invalid" | "refused" | "misconfigured" | "throttled" | "unavailable";

/** What an HTTP status means: the error's kind for the caller, and what the pacer learns from it. */
export interface StatusMeaning {
  kind: ErrorKind;
  pacing: PacingSignal;
}

/** What an HTTP status means: the one place that reads a status. */
export function meaningOfStatus(status: number): StatusMeaning {
  if (status === 429) return { kind: "throttled", pacing: "slowDown" };
  if (status === 503) return { kind: "throttled", pacing: "maintenance" };
  if (status === 408 || status >= 500) return { kind: "unavailable", pacing: "none" };
  if (status < 400 || status === 401 || status === 403 || status === 405) {
    return { kind: "misconfigured", pacing: "served" };
  }
  return { kind: "refused", pacing: "served" };
}

/** The kind of failure an HTTP status means. */
export const kindOfStatus = (status: number): ErrorKind => meaningOfStatus(status).kind;
