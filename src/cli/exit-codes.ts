import {
  TrackfinityApiError,
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
  TrackfinityUnexpectedResponseError,
  TrackfinityValidationError,
} from "../index.js";
import { CliUsageError, InterruptedError } from "./errors.js";

/** The exit codes of `trackfinity`, one per outcome a script may want to tell apart. */
export const ExitCode = {
  /** Every update was accepted (or, with --dry-run, every request is valid). */
  Ok: 0,
  /** A bug in trackfinity itself: the message says what broke. */
  Internal: 1,
  /** Bad flags, bad option values, an unreadable file or invalid rows: nothing was sent. */
  Usage: 2,
  /** Trackfinity refused an update (3xx/4xx, or a 2xx that is not `true`); repeating it will not help. */
  Rejected: 3,
  /** The server failed, rate-limited, timed out or could not be reached, after all retries; try again later. */
  Unavailable: 4,
  /** Stopped by Ctrl-C (SIGINT). */
  Interrupted: 130,
  /** Stopped by SIGTERM. */
  Terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Whether a failed update is worth repeating later (server, rate limit, timeout, network). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof TrackfinityConnectionError || error instanceof TrackfinityTimeoutError) return true;
  return (
    error instanceof TrackfinityApiError &&
    (error.status === 408 || error.status === 429 || error.status >= 500)
  );
}

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof InterruptedError)
    return error.signal === "SIGTERM" ? ExitCode.Terminated : ExitCode.Interrupted;
  if (error instanceof CliUsageError || error instanceof TrackfinityValidationError) return ExitCode.Usage;
  if (isUnavailable(error)) return ExitCode.Unavailable;
  if (error instanceof TrackfinityApiError || error instanceof TrackfinityUnexpectedResponseError)
    return ExitCode.Rejected;
  return ExitCode.Internal;
}
