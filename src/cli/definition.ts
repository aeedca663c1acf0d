import { FIELD_DESCRIPTIONS } from "../generated/field-docs.js";
import { DETAIL_FIELDS, LOOKUP_FIELDS, NOT_REMOVABLE_FIELDS } from "../generated/fields.js";

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

/** A command: its flags, and the text of its `--help`. */
export interface CommandSpec {
  name: string;
  summary: string;
  usage: readonly string[];
  description: readonly string[];
  flags: readonly FlagSpec[];
  examples: readonly string[];
}

/** The flag that sets a spec field: `customer_id` → `customer-id`. */
export const flagForField = (field: string): string => field.replaceAll("_", "-");

const KEY_WARNING = "prefer TRACKFINITY_API_KEY: flags land in shell history";

// Help shows the spec's one-line descriptions without the library's wording about REMOVE.
function fieldHelp(field: string): string {
  return (FIELD_DESCRIPTIONS[field] ?? "").replace(/\s*`REMOVE` deletes it\.$/, "").replace(/`/g, "");
}

const fieldFlags: FlagSpec[] = [
  ...LOOKUP_FIELDS.map(
    (field): FlagSpec => ({
      name: flagForField(field),
      type: "string",
      placeholder: "ID",
      description: fieldHelp(field),
      group: "Lookup (exactly one)",
      field,
    }),
  ),
  ...DETAIL_FIELDS.map(
    (field): FlagSpec => ({
      name: flagForField(field),
      type: "string",
      placeholder: "TEXT",
      description: field === "password" ? `${fieldHelp(field)} Prefer --password-stdin.` : fieldHelp(field),
      group: "Fields (at least one, or --remove)",
      field,
    }),
  ),
];

const removable = DETAIL_FIELDS.filter((f) => !(NOT_REMOVABLE_FIELDS as readonly string[]).includes(f));

/** The flags shared by every command. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "Show this help.", group: "Other" },
  { name: "version", short: "V", type: "boolean", description: "Show the version.", group: "Other" },
];

/** `trackfinity set-customer-details`: one update from flags, or many from a file. */
export const SET_CUSTOMER_DETAILS: CommandSpec = {
  name: "set-customer-details",
  summary: "Set or remove details of customer records (PATCH /customer/set_customer_details).",
  usage: [
    "trackfinity set-customer-details (--customer-id ID | --subscription-id ID) [FIELD FLAGS] [--remove FIELD]... [OPTIONS]",
    "trackfinity set-customer-details --from FILE [--report FILE | --resume FILE] [--concurrency N] [OPTIONS]",
  ],
  description: [
    "Name the customer with exactly one lookup flag and set at least one field or --remove one.",
    "Fields you leave out are not changed. With --from, every row of FILE is one update:",
    "all rows are checked before anything is sent.",
  ],
  flags: [
    ...fieldFlags,
    {
      name: "remove",
      type: "string",
      multiple: true,
      placeholder: "FIELD",
      description: `Remove FIELD from the record (repeatable). One of: ${removable.join(", ")}.`,
      group: "Fields (at least one, or --remove)",
    },
    {
      name: "password-stdin",
      type: "boolean",
      description: "Read the new password from standard input (one line) instead of a flag.",
      group: "Fields (at least one, or --remove)",
    },
    {
      name: "from",
      type: "string",
      placeholder: "FILE",
      description:
        "Bulk: read one update per row from a CSV file (header row of field names) or an NDJSON file (one object per line).",
      group: "Bulk updates",
    },
    {
      name: "format",
      type: "string",
      placeholder: "csv|ndjson",
      description: "Format of --from FILE. Default: from its extension (.csv; .ndjson or .jsonl).",
      group: "Bulk updates",
    },
    {
      name: "remove-token",
      type: "string",
      placeholder: "TOKEN",
      description:
        "A cell (or NDJSON value) equal to TOKEN removes that field, e.g. --remove-token '{REMOVE}'. Default: none, so no row removes anything.",
      group: "Bulk updates",
    },
    {
      name: "concurrency",
      type: "string",
      placeholder: "N",
      description: "Updates in flight at once, 1 to 64. Default: 4.",
      group: "Bulk updates",
    },
    {
      name: "report",
      type: "string",
      placeholder: "FILE",
      description:
        "Write one NDJSON line per row (line, lookup id, ok or error) as it finishes. FILE must not exist yet.",
      group: "Bulk updates",
    },
    {
      name: "resume",
      type: "string",
      placeholder: "FILE",
      description: "Continue an earlier run: skip the rows FILE marks ok, send the rest, append to FILE.",
      group: "Bulk updates",
    },
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
      description: `Admin API key; never printed. Default: $TRACKFINITY_API_KEY (${KEY_WARNING}).`,
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
      description: "Retries after a network error, timeout, 408, 429 or 5xx. Default: 2.",
      group: "Connection",
    },
    {
      name: "dry-run",
      type: "boolean",
      description:
        "Send nothing. One update: print the request (password and key masked). --from: check every row and list the bad ones.",
      group: "Output",
    },
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
    ...GLOBAL_FLAGS,
  ],
  examples: [
    "trackfinity set-customer-details --customer-id 191 --firstname Test --zip 66666 --remove address2",
    "printf '%s\\n' \"$NEW_PASSWORD\" | trackfinity set-customer-details --subscription-id SUB-2041 --password-stdin",
    "trackfinity set-customer-details --customer-id 191 --email new@example.com --dry-run",
    "trackfinity set-customer-details --from customers.csv --dry-run",
    "trackfinity set-customer-details --from customers.csv --concurrency 8 --report results.ndjson",
    "trackfinity set-customer-details --from customers.csv --resume results.ndjson",
  ],
};

/** Every command, by name. */
export const COMMANDS: readonly CommandSpec[] = [SET_CUSTOMER_DETAILS];

/** The flags that set spec fields, derived from the generated field lists. */
export const FIELD_FLAGS: readonly FlagSpec[] = fieldFlags;
