import { TrackfinityError } from "./trackfinity-error.js";

/** The request could not reach the server, or the connection broke before a full answer (after all retries). */
export class TrackfinityConnectionError extends TrackfinityError {
  override name = "TrackfinityConnectionError";
  /** The URL that was called (never with credentials). */
  readonly url: string;

  constructor(url: string, cause: unknown) {
    const reason =
      cause instanceof Error
        ? cause.cause instanceof Error
          ? cause.cause.message
          : cause.message
        : String(cause);
    super(
      `Could not reach Trackfinity at ${url}: ${reason}. Check baseUrl, DNS and the network, then retry.`,
      {
        cause,
      },
    );
    this.url = url;
  }
}

/** An attempt took longer than `timeoutMs` (after all retries). */
export class TrackfinityTimeoutError extends TrackfinityError {
  override name = "TrackfinityTimeoutError";
  /** The URL that was called. */
  readonly url: string;
  /** The per-attempt limit that was hit, in milliseconds. */
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`Trackfinity did not answer ${url} within ${timeoutMs} ms. Retry later, or raise timeoutMs.`);
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. The update may or may not have been applied; it is safe to repeat. */
export class TrackfinityAbortError extends TrackfinityError {
  override name = "TrackfinityAbortError";

  constructor(reason: unknown) {
    super("The call was aborted by its AbortSignal; the update may or may not have been applied.", {
      cause: reason,
    });
  }
}
