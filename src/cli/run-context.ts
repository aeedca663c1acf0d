import type { TrackfinityLogger } from "../index.js";
import type { Output } from "./output.js";

/** What every command gets from the entry point. */
export interface RunContext {
  output: Output;
  /** Secrets known so far (the API key), for redaction. */
  secrets: readonly string[];
  /** `--verbose`: the client's attempt and retry lines, on stderr. */
  logger: TrackfinityLogger | undefined;
  /** Fires on the first Ctrl-C or SIGTERM. */
  signal: AbortSignal;
  /** Fires on a second Ctrl-C: abandon what is in flight. */
  hardSignal: AbortSignal;
}
