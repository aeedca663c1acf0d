import { readFileSync } from "node:fs";
import { parseCommandLine } from "./args.js";
import { runBulk } from "./bulk/run-bulk.js";
import { describeError } from "./describe-error.js";
import { InterruptedError } from "./errors.js";
import { ExitCode, type ExitCodeValue, exitCodeFor } from "./exit-codes.js";
import { commandHelp, rootHelp } from "./help.js";
import { type CliIo, Output } from "./output.js";
import { apiKeyInArgv, createRedactor } from "./redact.js";
import { runSingleUpdate } from "./single-update.js";

/** Signals that stop a run: `stop` on the first Ctrl-C/SIGTERM, `abort` on a second. */
export interface StopSignals {
  stop: AbortSignal;
  abort: AbortSignal;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function printError(error: unknown, output: Output): void {
  if (output.json) {
    output.data({ ok: false, exitCode: exitCodeFor(error), ...describeError(error) });
    return;
  }
  if (error instanceof InterruptedError) {
    output.err(
      "trackfinity: interrupted; the update may or may not have been applied (repeating it is safe).",
    );
    return;
  }
  output.err(`trackfinity: ${error instanceof Error ? error.message : String(error)}`);
  if (exitCodeFor(error) === ExitCode.Internal && error instanceof Error && error.stack)
    output.err(error.stack);
}

/**
 * Runs the `trackfinity` command line and resolves to its exit code; never throws.
 * Every byte printed goes through a redactor that knows the API key.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  signals: StopSignals,
): Promise<ExitCodeValue> {
  const secrets = [apiKeyInArgv(argv), io.env.TRACKFINITY_API_KEY].filter((s): s is string => !!s);
  const redact = createRedactor(secrets);
  let output = new Output(io, redact, argv.includes("--json"));
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === "version") {
      output.out(version());
      return ExitCode.Ok;
    }
    if (invocation.kind === "help") {
      // `trackfinity` alone is a usage error; asking for help is not.
      if (argv.length === 0) {
        output.err(rootHelp());
        return ExitCode.Usage;
      }
      output.out(invocation.command ? commandHelp(invocation.command) : rootHelp());
      return ExitCode.Ok;
    }
    const { flags } = invocation;
    output = new Output(io, redact, flags.boolean("json"));
    const logger = flags.boolean("verbose")
      ? { debug: (line: string) => output.err(line), warn: (line: string) => output.err(line) }
      : undefined;
    const context = { output, secrets, logger, signal: signals.stop, hardSignal: signals.abort };
    return flags.has("from") ? await runBulk(flags, context) : await runSingleUpdate(flags, io, context);
  } catch (error) {
    printError(error, output);
    return exitCodeFor(error);
  }
}
