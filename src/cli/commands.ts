import { OPERATIONS, type OperationId, SECRET_FIELDS } from "../generated/operation-data.js";
import { OPERATION_DOCS } from "../generated/operation-docs.js";
import type { BodyOperationId } from "../index.js";
import { doctorExitCodeMeanings, exitCodeMeanings } from "./exit-codes.js";
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

/** Whether an operation takes params (a form body), and so field flags and --from. */
export const takesParams = (id: OperationId): id is BodyOperationId => OPERATIONS[id].hasBody;

/** The flag that sets a spec field: `customer_id` → `customer-id`. */
export const flagForField = (field: string): string => field.replaceAll("_", "-");

/** The command that runs an operation: `setCustomerDetails` → `set-customer-details`. */
export const commandForOperation = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flag that reads a secret field from standard input: `password` → `password-stdin`. */
export const stdinFlagFor = (field: string): string => `${flagForField(field)}-stdin`;

/** The fields of an operation that `--remove` may name. */
export function removableFields(id: OperationId): string[] {
  const op = OPERATIONS[id];
  const fixed: readonly string[] = op.notRemovable;
  return op.details.filter((field) => !fixed.includes(field));
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

const CONNECTION_FLAGS: readonly FlagSpec[] = [
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
    description: `How long a call keeps trying while the server asks it to wait (429, 503, the install down), e.g. 90s or 1h. Default: 10m with --from, else 2m (the library's).`,
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

const DRY_RUN: FlagSpec = {
  name: "dry-run",
  type: "boolean",
  description:
    "Send nothing. One call: print the request (secrets and key masked). --from: check every row and list the bad ones.",
  group: "Output",
};

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
        "Keep to --concurrency while the install's answers slow down; by default the run starts at no more than 8 calls in flight and sends fewer when its requests queue in the install.",
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

function fieldFlags(id: OperationId): FlagSpec[] {
  const op = OPERATIONS[id];
  const help = OPERATION_DOCS[id].fields;
  const secret: readonly string[] = SECRET_FIELDS[id];
  const removable = removableFields(id);
  const details = `Fields (${op.minDetails ? "at least one" : "any"}${removable.length ? ", or --remove" : ""})`;
  return [
    ...op.lookup.map(
      (field): FlagSpec => ({
        name: flagForField(field),
        type: "string",
        placeholder: "ID",
        description: help[field] ?? "",
        group: "Lookup (exactly one)",
        field,
      }),
    ),
    ...op.details.map(
      (field): FlagSpec => ({
        name: flagForField(field),
        type: "string",
        placeholder: "TEXT",
        description: `${help[field] ?? ""}${secret.includes(field) ? ` Prefer --${stdinFlagFor(field)}.` : ""}`,
        group: details,
        field,
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
            group: details,
          } satisfies FlagSpec,
        ]
      : []),
    ...SECRET_FIELDS[id].map(
      (field): FlagSpec => ({
        name: stdinFlagFor(field),
        type: "boolean",
        description: `Read ${field} from standard input (one line) instead of a flag, which would land in shell history.`,
        group: op.lookup.includes(field as never) ? "Lookup (exactly one)" : details,
      }),
    ),
  ];
}

/** Example command lines: one call from the spec's request example, then the bulk forms. */
function examplesFor(id: OperationId, name: string, example: string): string[] {
  const op = OPERATIONS[id];
  if (!op.hasBody) return [`trackfinity ${name}`, `trackfinity ${name} --json`];
  const lookup = `--${flagForField(op.lookup[0] ?? "")} 191`;
  return [
    `trackfinity ${name} ${example}`.trimEnd(),
    ...SECRET_FIELDS[id].map(
      (field) =>
        `printf '%s\\n' "$${field.toUpperCase()}" | trackfinity ${name} ${lookup} --${stdinFlagFor(field)}`,
    ),
    `trackfinity ${name} ${lookup} --dry-run`,
    `trackfinity ${name} --from customers.csv --dry-run`,
    `trackfinity ${name} --from customers.csv --concurrency 8 --report results.ndjson`,
    `trackfinity ${name} --from customers.csv --resume results.ndjson`,
  ];
}

function operationCommand(id: OperationId): CommandSpec {
  const op = OPERATIONS[id];
  const doc = OPERATION_DOCS[id];
  const name = commandForOperation(id);
  const lookups = `(${op.lookup.map((field) => `--${flagForField(field)} ID`).join(" | ")})`;
  const removable = removableFields(id);
  const fields = op.details.length ? ` [FIELD FLAGS]${removable.length ? " [--remove FIELD]..." : ""}` : "";
  const example = Object.entries(doc.example ?? {})
    .map(([field, value]) =>
      value === "REMOVE" && removable.includes(field)
        ? `--remove ${field}`
        : `--${flagForField(field)} ${value}`,
    )
    .join(" ");
  return {
    name,
    operation: id,
    summary: `${doc.summary} (${op.method} ${op.path}).`,
    usage: op.hasBody
      ? [
          `trackfinity ${name} ${lookups}${fields} [OPTIONS]`,
          `trackfinity ${name} --from FILE [--report FILE | --resume FILE] [--concurrency N] [--rate N] [OPTIONS]`,
        ]
      : [`trackfinity ${name} [OPTIONS]`],
    description: [
      doc.lead,
      "",
      ...(op.hasBody
        ? [
            `Name the record with exactly one of ${either(op.lookup.map((f) => `--${flagForField(f)}`))}.`,
            ...(op.minDetails
              ? [
                  `Set at least one field${removable.length ? " or --remove one" : ""}; fields you leave out are not changed.`,
                ]
              : []),
            "With --from, every row of FILE is one call: all rows are checked before anything is sent.",
          ]
        : []),
    ],
    flags: [
      ...fieldFlags(id),
      ...(op.hasBody ? bulkFlags(id) : []),
      ...CONNECTION_FLAGS,
      DRY_RUN,
      ...OUTPUT_FLAGS,
      ...GLOBAL_FLAGS,
    ],
    examples: examplesFor(id, name, example),
    exitCodes: exitCodeMeanings(),
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
  flags: [...CONNECTION_FLAGS.flatMap(doctorFlag), ...OUTPUT_FLAGS, ...GLOBAL_FLAGS],
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
