import { parseArgs } from "node:util";
import { COMMANDS, type CommandSpec, type FlagSpec } from "./definition.js";
import { CliUsageError } from "./errors.js";
import { suggestField } from "./suggest-field.js";

type RawValue = string | boolean | Array<string | boolean> | undefined;

/** The parsed flags of one command, read by name. */
export class Flags {
  readonly #values: Record<string, RawValue>;

  constructor(values: Record<string, RawValue>) {
    this.#values = values;
  }

  /** The value of a string flag, if given (the last one wins when repeated). */
  string(name: string): string | undefined {
    const value = this.#values[name];
    return typeof value === "string" ? value : undefined;
  }

  /** Every value of a repeatable string flag. */
  strings(name: string): string[] {
    const value = this.#values[name];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  }

  /** Whether a boolean flag was given. */
  boolean(name: string): boolean {
    return this.#values[name] === true;
  }

  /** Whether the flag was given at all. */
  has(name: string): boolean {
    return this.#values[name] !== undefined;
  }

  /** A whole-number flag within `[min, max]`, or `fallback` when absent. */
  integer(name: string, min: number, max: number, fallback: number | undefined): number | undefined {
    const text = this.string(name);
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new CliUsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
    }
    return value;
  }
}

/** What the command line asks for. */
export type Invocation =
  | { kind: "help"; command: CommandSpec | undefined }
  | { kind: "version" }
  | { kind: "run"; command: CommandSpec; flags: Flags };

function findCommand(name: string): CommandSpec {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  const suggestion = suggestField(
    name,
    COMMANDS.map((c) => c.name),
  );
  throw new CliUsageError(
    `Unknown command "${name}".${suggestion ? ` Did you mean ${suggestion}?` : ""} Run \`trackfinity --help\` for the list.`,
  );
}

function unknownFlagHint(message: string, flags: readonly FlagSpec[]): string {
  const match = /Unknown option '--?([^']+)'/.exec(message);
  if (!match?.[1]) return "";
  const suggestion = suggestField(
    match[1],
    flags.map((f) => f.name),
  );
  return suggestion ? ` Did you mean --${suggestion}?` : "";
}

/** Parses argv (without `node` and the script) into what to do; throws {@link CliUsageError}. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h")
    return { kind: "help", command: undefined };
  if (first === "--version" || first === "-V") return { kind: "version" };
  if (first === "help") {
    return { kind: "help", command: rest[0] === undefined ? undefined : findCommand(rest[0]) };
  }
  if (first.startsWith("-")) {
    throw new CliUsageError(`Expected a command before ${first}. Run \`trackfinity --help\` for the list.`);
  }
  const command = findCommand(first);
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const flag of command.flags) {
    options[flag.name] = {
      type: flag.type,
      ...(flag.multiple ? { multiple: true } : {}),
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  let values: Record<string, RawValue>;
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(
      `${message.split("\n")[0]?.replace(/([^.])$/, "$1.")}${unknownFlagHint(message, command.flags)} Run \`trackfinity ${command.name} --help\`.`,
    );
  }
  if (values.help === true) return { kind: "help", command };
  if (values.version === true) return { kind: "version" };
  return { kind: "run", command, flags: new Flags(values) };
}
