import { TrackfinityError } from "./trackfinity-error.js";

/**
 * The request could not reach the server, or the connection broke before a full answer (after all
 * retries). Its `kind` is `unavailable`.
 */
export class TrackfinityConnectionError extends TrackfinityError {
  override name = "TrackfinityConnectionError";

  /**
   * @param url the URL that was called (never with credentials)
   * @param cause what `fetch` threw
   */
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const error = cause as { message?: string; cause?: { message?: string } } | undefined;
    super(`Could not reach ${url}: ${error?.cause?.message ?? error?.message}`, "unavailable", { cause });
  }
}

/** An attempt took longer than `timeoutMs` (after all retries). Its `kind` is `unavailable`. */
export class TrackfinityTimeoutError extends TrackfinityError {
  override name = "TrackfinityTimeoutError";

  /**
   * @param url the URL that was called
   * @param timeoutMs the per-attempt limit that was hit, in milliseconds
   */
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`No answer from ${url} within timeoutMs (${timeoutMs} ms)`, "unavailable");
  }
}
