import { parseArgs } from "node:util";
import { COMMANDS, type CommandSpec, type FlagSpec } from "./commands.js";
import { CliUsageError } from "./errors.js";

type RawValue = string | boolean | Array<string | boolean> | undefined;

const normalize = (name: string) => name.toLowerCase().replace(/[-_\s]/g, "");

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name closest to a mistyped one (`fristname` → `firstname`, `customerId` → `customer_id`), if any is close. */
export function suggestName(name: string, known: readonly string[]): string | undefined {
  const wanted = normalize(name);
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalize(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

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

  /** A duration flag (`500ms`, `90s`, `10m`, `1h`) in milliseconds, or `fallback` when absent. */
  duration(name: string, fallback: number | undefined): number | undefined {
    const text = this.string(name);
    if (text === undefined) return fallback;
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
    const ms = match ? Number(match[1]) * { ms: 1, s: 1e3, m: 6e4, h: 36e5 }[match[2] as "ms"] : Number.NaN;
    if (!(ms >= 0 && ms < 2 ** 31)) {
      throw new CliUsageError(`--${name} must be a duration such as 30s, 10m or 1h, got "${text}".`);
    }
    return Math.round(ms);
  }

  /** A number flag (decimals allowed) within `(0, max]`, or `undefined` when absent. */
  positive(name: string, max: number): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(value > 0 && value <= max)) {
      throw new CliUsageError(`--${name} must be a number above 0 and at most ${max}, got "${text}".`);
    }
    return value;
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
  const suggestion = suggestName(
    name,
    COMMANDS.map((c) => c.name),
  );
  throw new CliUsageError(
    `Unknown command "${name}".${suggestion ? ` Did you mean ${suggestion}?` : ""} Run \`trackfinity --help\` for the list.`,
  );
}

/** parseArgs' message in the CLI's words: what is wrong with which flag, and what to type instead. */
function explainParseError(message: string, args: readonly string[], flags: readonly FlagSpec[]): string {
  const ambiguous = /^Option '(?:-\w, )?--([^' ]+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const flag = `--${ambiguous[1]}`;
    const next = args[args.indexOf(flag) + 1];
    return `${flag} needs a value, but is followed by ${next ?? "another flag"}. Give the value right after it (a value starting with a dash: ${flag}=-VALUE).`;
  }
  const missing = /^Option '(?:-\w, )?--([^' ]+) <value>' argument missing/.exec(message);
  if (missing) return `--${missing[1]} needs a value.`;
  const unknown = /^Unknown option '--?([^']+)'/.exec(message);
  const suggestion =
    unknown?.[1] &&
    suggestName(
      unknown[1],
      flags.map((f) => f.name),
    );
  return `${message.split("\n")[0]?.replace(/([^.])$/, "$1.")}${suggestion ? ` Did you mean --${suggestion}?` : ""}`;
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
      `${explainParseError(message, rest, command.flags)} Run \`trackfinity ${command.name} --help\`.`,
    );
  }
  if (values.help === true) return { kind: "help", command };
  if (values.version === true) return { kind: "version" };
  return { kind: "run", command, flags: new Flags(values) };
}
