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
