import { OPERATIONS, type OperationId, SECRET_FIELDS } from "../generated/operation-data.js";
import { OPERATION_DOCS } from "../generated/operation-docs.js";
import type { FieldRule, OperationData, ParamsOperationId } from "../index.js";
import { doctorExitCodeMeanings, exitCodeMeanings } from "./exit-codes.js";
import { type FieldFlag, fieldFlags, flagForField } from "./field-flags.js";
import { either } from "./words.js";

/** One command-line flag: how it parses and how `--help` shows it. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `customer-id`. */
  name: string;
  short?: string;
  type: "string" | "boolean";
  /** Repeatable: every occurrence is kept. */
  multiple?: boolean;
  /** The value's name in `--help`, e.g. `ID`. */
  placeholder?: string;
  description: string;
  group: string;
  /** The request field this flag sets, for field flags. */
  field?: string;
}

/** A command: what it runs, its flags, and the text of its `--help`. */
export interface CommandSpec {
  name: string;
  /** The operation it calls; undefined for `doctor`. */
  operation: OperationId | undefined;
  summary: string;
  usage: readonly string[];
  description: readonly string[];
  flags: readonly FlagSpec[];
  examples: readonly string[];
  /** What each exit code means for this command. */
  exitCodes: ReadonlyArray<[code: number, meaning: string]>;
}

/** Whether an operation takes params (a form body or a query), and so field flags. */
export const takesParams = (id: OperationId): id is ParamsOperationId => OPERATIONS[id].input !== "none";

/** Whether an operation changes records (a form body), and so takes a file of rows with --from. */
export const takesRows = (id: OperationId): id is ParamsOperationId => OPERATIONS[id].input === "form";

/** Whether an operation reads a paged report, and so takes --all. */
export const isPaged = (id: OperationId): boolean => (OPERATIONS[id] as OperationData).paging !== undefined;

export { flagForField };

/** The command that runs an operation: `setCustomerDetails` → `set-customer-details`. */
export const commandForOperation = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flag that reads a secret field from standard input: `password` → `password-stdin`. */
export const stdinFlagFor = (field: string): string => `${flagForField(field)}-stdin`;

/** The fields of an operation that `--remove` may name. */
export function removableFields(id: OperationId): string[] {
  return [...OPERATIONS[id].removable];
}

/** Each check of `doctor` gives up after this long, unless --timeout-ms says otherwise. */
export const DOCTOR_TIMEOUT_MS = 10_000;

/** The patience of a bulk run's calls, 10 minutes: a maintenance window or a busy hour should not fail rows. */
export const BULK_PATIENCE_MS = 600_000;

/** A bulk run's calls in flight at once, unless --concurrency says otherwise. */
export const BULK_CONCURRENCY = 4;

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "Show this help.", group: "Other" },
  { name: "version", short: "V", type: "boolean", description: "Show the version.", group: "Other" },
];

/** The connection flags; `bulk` for a command that takes --from, whose calls wait longer by default. */
const connectionFlags = (bulk: boolean): FlagSpec[] => [
  {
    name: "base-url",
    type: "string",
    placeholder: "URL",
    description:
      "API root of your install, e.g. https://tracking.example.com/api. Default: $TRACKFINITY_BASE_URL.",
    group: "Connection",
  },
  {
    name: "api-username",
    type: "string",
    placeholder: "NAME",
    description: "Admin user name. Default: $TRACKFINITY_API_USERNAME.",
    group: "Connection",
  },
  {
    name: "api-key",
    type: "string",
    placeholder: "KEY",
    description:
      "Admin API key; never printed. Default: $TRACKFINITY_API_KEY (prefer it: flags land in shell history).",
    group: "Connection",
  },
  {
    name: "allow-insecure-http",
    type: "boolean",
    description: "Allow an http:// --base-url on a non-loopback host (the key then travels in clear text).",
    group: "Connection",
  },
  {
    name: "timeout-ms",
    type: "string",
    placeholder: "MS",
    description: "Time limit of one attempt in milliseconds. Default: 30000.",
    group: "Connection",
  },
  {
    name: "max-retries",
    type: "string",
    placeholder: "N",
    description: "Retries after a network error, a timeout, 408 or 5xx other than 503. Default: 2.",
    group: "Connection",
  },
  {
    name: "patience",
    type: "string",
    placeholder: "DURATION",
    description: `How long a call keeps trying while the server asks it to wait (429, 503, the install down), e.g. 90s or 1h. Default: ${bulk ? "10m with --from, else 2m" : "2m"} (the library's).`,
    group: "Connection",
  },
];

const OUTPUT_FLAGS: readonly FlagSpec[] = [
  {
    name: "json",
    type: "boolean",
    description: "Print machine-readable JSON on standard output instead of text.",
    group: "Output",
  },
  {
    name: "verbose",
    type: "boolean",
    description: "Log every attempt and retry to standard error.",
    group: "Output",
  },
];

/** --dry-run; `bulk` for a command that takes --from. */
const dryRunFlag = (bulk: boolean): FlagSpec => ({
  name: "dry-run",
  type: "boolean",
  description: bulk
    ? "Send nothing. One call: print the request (secrets and key masked). --from: check every row and list the bad ones."
    : "Send nothing: print the request (secrets and key masked).",
  group: "Output",
});

function bulkFlags(id: OperationId): FlagSpec[] {
  const group = "Bulk (one call per row of a file)";
  return [
    {
      name: "from",
      type: "string",
      placeholder: "FILE",
      description:
        "Read one call per row from a CSV file (header row of field names) or an NDJSON file (one object per line).",
      group,
    },
    {
      name: "format",
      type: "string",
      placeholder: "csv|ndjson",
      description: "Format of --from FILE. Default: from its extension (.csv; .ndjson or .jsonl).",
      group,
    },
    {
      name: "encoding",
      type: "string",
      placeholder: "NAME",
      description:
        "Encoding of --from FILE: utf8, or latin1 or windows-1252 (read alike), as spreadsheets often save CSV. A file that is not UTF-8 is refused unless this names its encoding; a byte-order mark (UTF-8, UTF-16) wins. Default: utf8.",
      group,
    },
    ...(removableFields(id).length
      ? [
          {
            name: "remove-token",
            type: "string",
            placeholder: "TOKEN",
            description:
              "A cell (or NDJSON value) equal to TOKEN removes that field, e.g. --remove-token '{REMOVE}'. Default: none, so no row removes anything.",
            group,
          } satisfies FlagSpec,
        ]
      : []),
    {
      name: "concurrency",
      type: "string",
      placeholder: "N",
      description: `The most calls in flight at once, 1 to 64; the client works below it while the server pushes back (429, 503) or its answers slow down. Default: ${BULK_CONCURRENCY}.`,
      group,
    },
    {
      name: "rate",
      type: "string",
      placeholder: "N",
      description: "The most calls started per second, e.g. 50. Default: no cap.",
      group,
    },
    {
      name: "ignore-latency",
      type: "boolean",
      description:
        "Keep to --concurrency while the install's answers slow down; by default the run starts at no more than 4 calls in flight and sends fewer when its requests queue in the install.",
      group,
    },
    {
      name: "report",
      type: "string",
      placeholder: "FILE",
      description:
        "Write one NDJSON line per row (line, lookup id, ok or error) as it finishes. FILE must not exist yet.",
      group,
    },
    {
      name: "resume",
      type: "string",
      placeholder: "FILE",
      description: "Continue an earlier run: skip the rows FILE marks ok, send the rest, append to FILE.",
      group,
    },
  ];
}

/** The help group of a field flag. */
function groupOf(id: OperationId, flag: FieldFlag): string {
  const op = OPERATIONS[id];
  if (flag.role === "lookup") return "Lookup (exactly one)";
  if (flag.role === "required") return "Required";
  if (flag.key !== undefined) return `Inside ${flag.field} (sent as ${flag.field}[name]=value)`;
  if (op.input === "query") return "Query (any)";
  return `Fields (${op.minDetails ? "at least one" : "any"}${removableFields(id).length ? ", or --remove" : ""})`;
}

/** The value's name in help: ID, TEXT, N, AMOUNT, NAMES, or a short list of the values. */
function placeholderOf(flag: FieldFlag): string {
  const { rule } = flag;
  if (flag.role === "lookup") return "ID";
  if (rule.kind === "list" || rule.kind === "object") return "NAMES";
  if (rule.enum && rule.enum.length <= 4) return rule.enum.join("|");
  if (rule.enum) return "VALUE";
  return { text: "TEXT", integer: "N", decimal: "AMOUNT" }[rule.kind];
}

/** What help adds to a field's own text: the values it takes, when the name alone doesn't say. */
function valuesHelp(rule: FieldRule): string {
  if (rule.kind === "list") return ` Comma-separated, from: ${rule.items.join(", ")}.`;
  if (rule.kind !== "object" && rule.enum && rule.enum.length > 4) return ` One of: ${rule.enum.join(", ")}.`;
  return "";
}

function fieldFlagSpecs(id: OperationId): FlagSpec[] {
  const help = OPERATION_DOCS[id].fields;
  const secret: readonly string[] = SECRET_FIELDS[id];
  const flags = fieldFlags(id);
  const removable = removableFields(id);
  const details = flags.find((flag) => flag.role === "detail" && flag.key === undefined);
  const group = details ? groupOf(id, details) : "Fields";
  return [
    ...flags.map(
      (flag): FlagSpec => ({
        name: flag.flag,
        type: "string",
        placeholder: placeholderOf(flag),
        description: `${help[flag.key ?? flag.field] ?? ""}${valuesHelp(flag.rule)}${secret.includes(flag.field) ? ` Prefer --${stdinFlagFor(flag.field)}.` : ""}`,
        group: groupOf(id, flag),
        field: flag.path,
      }),
    ),
    ...(removable.length
      ? [
          {
            name: "remove",
            type: "string",
            multiple: true,
            placeholder: "FIELD",
            description: `Remove FIELD from the record (repeatable). One of: ${removable.join(", ")}.`,
            group,
          } satisfies FlagSpec,
        ]
      : []),
    ...SECRET_FIELDS[id].map(
      (field): FlagSpec => ({
        name: stdinFlagFor(field),
        type: "boolean",
        description: `Read ${field} from standard input (one line) instead of a flag, which would land in shell history.`,
        group: OPERATIONS[id].lookup.includes(field as never) ? "Lookup (exactly one)" : group,
      }),
    ),
  ];
}

/** The flags of a paged report's --all: every page, as NDJSON or CSV. */
const PAGE_FLAGS: readonly FlagSpec[] = [
  {
    name: "all",
    type: "boolean",
    description:
      "Read every page and write one line per record as pages arrive (NDJSON; CSV with --format csv); progress on standard error.",
    group: "Every page",
  },
  {
    name: "format",
    type: "string",
    placeholder: "ndjson|csv",
    description: "Format of the records --all writes. Default: ndjson.",
    group: "Every page",
  },
];

/** An example's flags: `--customer-id 191 --firstname Test`, an object's keys as their own flags. */
function exampleFlags(id: OperationId): string {
  const removable = removableFields(id);
  const example = OPERATION_DOCS[id].example ?? {};
  const flags = fieldFlags(id);
  const words: string[] = [];
  for (const [field, value] of Object.entries(example)) {
    if (value === "REMOVE" && removable.includes(field)) {
      words.push(`--remove ${field}`);
      continue;
    }
    const entries = typeof value === "object" && value !== null ? Object.entries(value) : [[field, value]];
    for (const [name, item] of entries) {
      const flag = flags.find((f) => (f.key ?? f.field) === name)?.flag ?? flagForField(String(name));
      words.push(`--${flag} ${Array.isArray(item) ? item.join(",") : String(item)}`);
    }
  }
  return words.join(" ");
}

/** Example command lines: one call from the spec's request example, then the bulk or paged forms. */
function examplesFor(id: OperationId, name: string): string[] {
  const op = OPERATIONS[id];
  const call = `trackfinity ${name} ${exampleFlags(id)}`.trimEnd();
  if (!takesParams(id)) return [`trackfinity ${name}`, `trackfinity ${name} --json`];
  if (!takesRows(id)) {
    return [
      call,
      `${call} --json`,
      ...(isPaged(id) ? [`${call} --all > records.ndjson`, `${call} --all --format csv > records.csv`] : []),
    ];
  }
  const key = op.lookup[0] ?? op.required[0] ?? "";
  return [
    call,
    ...SECRET_FIELDS[id].map(
      (field) =>
        `printf '%s\\n' "$${field.toUpperCase()}" | trackfinity ${name} --${flagForField(key)} 191 --${stdinFlagFor(field)}`,
    ),
    `${call} --dry-run`,
    `trackfinity ${name} --from rows.csv --dry-run`,
    `trackfinity ${name} --from rows.csv --concurrency 8 --report results.ndjson`,
    `trackfinity ${name} --from rows.csv --resume results.ndjson`,
  ];
}

/** The usage line of one call: its lookups, required fields and the others. */
function callUsage(id: OperationId, name: string): string {
  const op = OPERATIONS[id];
  const flags = fieldFlags(id);
  const words = [`trackfinity ${name}`];
  if (op.lookup.length)
    words.push(`(${op.lookup.map((field) => `--${flagForField(field)} ID`).join(" | ")})`);
  for (const flag of flags.filter((f) => f.role === "required"))
    words.push(`--${flag.flag} ${placeholderOf(flag)}`);
  if (flags.some((f) => f.role === "detail")) words.push("[FIELD FLAGS]");
  if (removableFields(id).length) words.push("[--remove FIELD]...");
  words.push("[OPTIONS]");
  return words.join(" ");
}

/** What a command's help says of its rules, after the spec's first paragraph. */
function rulesText(id: OperationId): string[] {
  const op = OPERATIONS[id];
  const lines: string[] = [];
  const removable = removableFields(id);
  const required = fieldFlags(id).filter((flag) => flag.role === "required");
  if (op.lookup.length)
    lines.push(
      `Name the record with exactly one of ${either(op.lookup.map((f) => `--${flagForField(f)}`))}.`,
    );
  if (required.length) lines.push(`Pass ${required.map((flag) => `--${flag.flag}`).join(" and ")}.`);
  if (op.minDetails) {
    lines.push(
      `Set at least one field${removable.length ? " or --remove one" : ""}; fields you leave out are not changed.`,
    );
  }
  if (takesRows(id))
    lines.push("With --from, every row of FILE is one call: all rows are checked before anything is sent.");
  if (isPaged(id)) {
    lines.push(
      "With --all, every page is read in turn and each record written as it arrives, until a short page.",
    );
  }
  return lines;
}

function operationCommand(id: OperationId): CommandSpec {
  const op = OPERATIONS[id];
  const doc = OPERATION_DOCS[id];
  const name = commandForOperation(id);
  const usage = [callUsage(id, name)];
  if (takesRows(id)) {
    usage.push(
      `trackfinity ${name} --from FILE [--report FILE | --resume FILE] [--concurrency N] [--rate N] [OPTIONS]`,
    );
  }
  if (isPaged(id)) usage.push(`trackfinity ${name} --all [--format ndjson|csv] [FIELD FLAGS] [OPTIONS]`);
  return {
    name,
    operation: id,
    summary: `${doc.summary} (${op.method} ${op.path}).`,
    usage,
    description: [doc.lead, "", ...rulesText(id)],
    flags: [
      ...(takesParams(id) ? fieldFlagSpecs(id) : []),
      ...(takesRows(id) ? bulkFlags(id) : []),
      ...(isPaged(id) ? PAGE_FLAGS : []),
      ...connectionFlags(takesRows(id)),
      dryRunFlag(takesRows(id)),
      ...OUTPUT_FLAGS,
      ...GLOBAL_FLAGS,
    ],
    examples: examplesFor(id, name),
    exitCodes: exitCodeMeanings(takesRows(id)),
  };
}

/** A connection flag as `doctor` takes it: its checks are not retried, and each has its own time limit. */
function doctorFlag(flag: FlagSpec): FlagSpec[] {
  if (flag.name === "max-retries" || flag.name === "patience") return [];
  if (flag.name !== "timeout-ms") return [flag];
  return [
    { ...flag, description: `Time limit of each check in milliseconds. Default: ${DOCTOR_TIMEOUT_MS}.` },
  ];
}

/** `trackfinity doctor`: checks settings, DNS, TCP, TLS and a ping, in order, and explains the first failure. */
const DOCTOR: CommandSpec = {
  name: "doctor",
  operation: undefined,
  summary: "Check the settings and the connection to the install, step by step, and explain what fails.",
  usage: ["trackfinity doctor [OPTIONS]"],
  description: [
    "Checks, in order: the settings (base URL, https, both credentials); DNS, TCP and TLS to the host;",
    "a ping with the credentials. Prints one line per step and stops at the first failure with its",
    "likely cause and the fix. Run it before a long bulk run.",
  ],
  flags: [...connectionFlags(false).flatMap(doctorFlag), ...OUTPUT_FLAGS, ...GLOBAL_FLAGS],
  examples: ["trackfinity doctor", "trackfinity doctor --base-url https://tracking.example.com/api --json"],
  exitCodes: doctorExitCodeMeanings(),
};

/** Every command: one per operation of the spec, then `doctor`. */
export const COMMANDS: readonly CommandSpec[] = [
  ...(Object.keys(OPERATIONS) as OperationId[]).map(operationCommand),
  DOCTOR,
];

/** The flags every command has: --help and --version. */
export { GLOBAL_FLAGS };
