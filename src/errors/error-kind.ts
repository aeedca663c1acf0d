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

/** The kind of failure an HTTP status means: the one place that decides it. */
export function kindOfStatus(status: number): ErrorKind {
  if (status === 429 || status === 503) return "throttled";
  if (status === 408 || status >= 500) return "unavailable";
  if (status < 400 || status === 401 || status === 403 || status === 405) return "misconfigured";
  return "refused";
}

/** Whether a failure of this kind may pass if the call is repeated later. */
export const isRetryableKind = (kind: ErrorKind | undefined): boolean =>
  kind === "throttled" || kind === "unavailable";
