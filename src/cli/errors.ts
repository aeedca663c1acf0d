import { type ErrorKind, TrackfinityError } from "../index.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import type { InputIssue } from "./issue-text.js";

/** The command line cannot be run as written: an unknown flag, a missing value, flags that conflict. Nothing was sent. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/**
 * Input that breaks a rule (flags, settings or a row of a file), in the CLI's words: each issue
 * names a flag or a column. Nothing was sent. Its name is the library's validation error's, the
 * one `--json` and reports have always printed for invalid input.
 */
export class InvalidInputError extends Error {
  override name = "TrackfinityValidationError";

  constructor(readonly issues: readonly InputIssue[]) {
    super(`Invalid input, nothing was sent:${issues.map((i) => `\n  - ${i.field}: ${i.message}`).join("")}`);
  }
}

/** The run was stopped by a signal (Ctrl-C or SIGTERM). */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  /** The signal that stopped the run. */
  readonly signal: NodeJS.Signals;
  /** Set when the signal came before anything was sent (while a file was being checked), naming that file. */
  readonly checking: string | undefined;

  constructor(signal: NodeJS.Signals, detail = "", checking?: string) {
    super(
      checking === undefined
        ? `Interrupted by ${signal}${detail ? `: ${detail}` : ""}.`
        : `Interrupted by ${signal} while checking ${checking}; nothing was sent.`,
    );
    this.signal = signal;
    this.checking = checking;
  }
}

/**
 * A bulk run could not write its results: its report failed (a full disk, a reader gone), or
 * standard output closed while it was the only place they went (`--json` without `--report`). The
 * run stops sending, as on Ctrl-C; the message says which output failed and why, in one line.
 */
export class ResultsNotWrittenError extends Error {
  override name = "ResultsNotWrittenError";
}

/** The exit code of each kind of library error: the one place the CLI decides it. */
const EXIT_CODE_OF_KIND: Record<ErrorKind, ExitCodeValue> = {
  invalid: ExitCode.Usage,
  refused: ExitCode.Rejected,
  misconfigured: ExitCode.Rejected,
  throttled: ExitCode.Unavailable,
  unavailable: ExitCode.Unavailable,
};

/**
 * The exit code of a run that a stop signal ended, from the signal's reason: results that could
 * not be written, SIGTERM's own code, else Ctrl-C's (the one place that tells them apart).
 */
export function exitCodeForStop(reason: unknown): ExitCodeValue {
  if (reason instanceof ResultsNotWrittenError) return ExitCode.NotWritten;
  if (reason instanceof InterruptedError && reason.signal === "SIGTERM") return ExitCode.Terminated;
  return ExitCode.Interrupted;
}

/** The exit code for an error that ended a command (or a row of a bulk run). */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof InterruptedError || error instanceof ResultsNotWrittenError)
    return exitCodeForStop(error);
  if (error instanceof CliUsageError || error instanceof InvalidInputError) return ExitCode.Usage;
  if (error instanceof TrackfinityError) return EXIT_CODE_OF_KIND[error.kind];
  return ExitCode.Internal;
}
