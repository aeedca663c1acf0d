import { readFileSync } from "node:fs";
import { OPERATIONS, type OperationId, SECRET_FIELDS } from "../generated/operation-data.js";
import { runAllPages } from "./all-pages.js";
import { type Flags, parseCommandLine } from "./args.js";
import { runBulk } from "./bulk/run-bulk.js";
import { type CommandSpec, flagForField, stdinFlagFor, takesRows } from "./commands.js";
import { runDoctor } from "./doctor.js";
import { describeError } from "./error-text.js";
import { exitCodeFor, InterruptedError } from "./errors.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { commandHelp, rootHelp } from "./help.js";
import { apiKeyInArgv, type CliIo, Output } from "./output.js";
import { runSingleCall } from "./single-call.js";

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

/** What to say of a call interrupted in flight: whether sending it again is safe depends on the operation. */
function interruptedText(operation: OperationId | undefined): string {
  const reached = "trackfinity: interrupted; the call may or may not have reached the server";
  // A POST (a void, a chargeback) may have been applied, and twice is not once.
  if (operation && OPERATIONS[operation].method === "POST")
    return `${reached}: check whether it was applied before sending it again.`;
  return `${reached} (repeating it is safe).`;
}

function printError(error: unknown, output: Output, operation?: OperationId): void {
  const described = describeError(error);
  if (output.json) {
    output.data({ ok: false, exitCode: exitCodeFor(error), ...described });
    return;
  }
  if (error instanceof InterruptedError) {
    output.err(error.checking === undefined ? interruptedText(operation) : `trackfinity: ${error.message}`);
    return;
  }
  output.err(`trackfinity: ${described.message}`);
  if (exitCodeFor(error) === ExitCode.Internal && error instanceof Error && error.stack)
    output.err(error.stack);
}

/** Warns, on stderr, about each secret given as a flag: it lands in shell history and `ps`. */
function warnAboutSecretFlags(command: CommandSpec, flags: Flags, output: Output): void {
  const warn = (flag: string, what: string, instead: string) =>
    output.err(`trackfinity: warning: ${flag} puts ${what} in your shell history and in ps; ${instead}.`);
  if (flags.has("api-key")) warn("--api-key", "the admin key", "set TRACKFINITY_API_KEY instead");
  for (const field of command.operation ? SECRET_FIELDS[command.operation] : []) {
    if (flags.has(flagForField(field))) {
      warn(`--${flagForField(field)}`, `the ${field}`, `pipe it to --${stdinFlagFor(field)} instead`);
    }
  }
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
  const secrets = [apiKeyInArgv(argv), io.env.TRACKFINITY_API_KEY];
  let output = new Output(io, secrets, argv.includes("--json"));
  /** The operation the command line calls, once parsed: what an interruption message says depends on it. */
  let called: OperationId | undefined;
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
    const { command, flags } = invocation;
    output = new Output(io, secrets, flags.boolean("json"));
    warnAboutSecretFlags(command, flags, output);
    const logger = flags.boolean("verbose")
      ? { debug: (line: string) => output.err(line), warn: (line: string) => output.err(line) }
      : undefined;
    const context = { output, logger, signal: signals.stop, hardSignal: signals.abort };
    const { operation } = command;
    called = operation;
    if (operation === undefined) return await runDoctor(flags, context);
    if (flags.has("from") && takesRows(operation)) return await runBulk(operation, flags, context);
    // A dry run of --all shows the request of one call and sends nothing, as a dry run of one call does.
    if (flags.boolean("all") && !flags.boolean("dry-run")) {
      return await runAllPages({ ...command, operation }, flags, context);
    }
    return await runSingleCall({ ...command, operation }, flags, io, context);
  } catch (error) {
    printError(error, output, called);
    return exitCodeFor(error);
  }
}
