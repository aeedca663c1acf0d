import {
  type ErrorKind,
  TrackfinityApiError,
  TrackfinityError,
  TrackfinityUnexpectedResponseError,
  TrackfinityValidationError,
} from "../index.js";

/** The command line cannot be run as written: an unknown flag, a missing value, flags that conflict. Nothing was sent. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** The run was stopped by a signal (Ctrl-C or SIGTERM). */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  /** The signal that stopped the run. */
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals, detail = "") {
    super(`Interrupted by ${signal}${detail ? `: ${detail}` : ""}.`);
    this.signal = signal;
  }
}

/** The exit codes of `trackfinity`, one per outcome a script may want to tell apart. */
export const ExitCode = {
  /** Every call succeeded (or, with --dry-run, every request is valid). */
  Ok: 0,
  /** A bug in trackfinity itself: the message says what broke. */
  Internal: 1,
  /** Bad flags, bad option values, an unreadable file or invalid rows: nothing was sent. */
  Usage: 2,
  /** Trackfinity refused a call (3xx/4xx, or a 2xx that is not the expected answer); repeating it will not help. */
  Rejected: 3,
  /** The server failed, rate-limited, timed out or could not be reached, after all retries; try again later. */
  Unavailable: 4,
  /** Stopped by Ctrl-C (SIGINT). */
  Interrupted: 130,
  /** Stopped by SIGTERM. */
  Terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of each kind of library error: the one place the CLI decides it. */
const EXIT_CODE_OF_KIND: Record<ErrorKind, ExitCodeValue> = {
  invalid: ExitCode.Usage,
  refused: ExitCode.Rejected,
  misconfigured: ExitCode.Rejected,
  throttled: ExitCode.Unavailable,
  unavailable: ExitCode.Unavailable,
};

/** The exit code for an error that ended a command (or a row of a bulk run). */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof InterruptedError)
    return error.signal === "SIGTERM" ? ExitCode.Terminated : ExitCode.Interrupted;
  if (error instanceof CliUsageError) return ExitCode.Usage;
  if (error instanceof TrackfinityError) return EXIT_CODE_OF_KIND[error.kind];
  return ExitCode.Internal;
}

/** An error as printed with --json and written to a report: class, HTTP status if any, message. */
export interface ErrorDescription {
  error: string;
  status?: number;
  message: string;
  body?: string;
  issues?: Array<{ field: string; message: string }>;
}

/** Describes any error for machine-readable output; the client has already redacted the API key from it. */
export function describeError(error: unknown, withBody = true): ErrorDescription {
  if (!(error instanceof Error)) return { error: "Error", message: String(error) };
  const description: ErrorDescription = { error: error.name, message: error.message };
  if (error instanceof TrackfinityApiError || error instanceof TrackfinityUnexpectedResponseError) {
    description.status = error.status;
    if (withBody) description.body = error.body;
  }
  if (error instanceof TrackfinityValidationError) description.issues = error.issues;
  return description;
}
