import { OPERATIONS, REMOVE_TOKEN, SECRET_FIELDS } from "../generated/operation-data.js";
import {
  type BodyOperationId,
  type ParamsOf,
  REMOVE,
  TrackfinityValidationError,
  type ValidationIssue,
  validateParams,
} from "../index.js";
import { type Flags, suggestName } from "./args.js";
import { flagForField, removableFields, stdinFlagFor } from "./commands.js";
import { CliUsageError } from "./errors.js";

/** Which record a call names, e.g. `{ field: "customer_id", id: "191" }`. */
export interface Lookup {
  field: string;
  id: string;
}

/** How the values reached the CLI: as flags of one call, or as rows of a file. */
export type IssueSource = { kind: "flags" } | { kind: "rows"; removeToken: string | undefined };

/** Removal tokens the docs suggest for files: a cell holding one without --remove-token is a mistake, not data. */
const SUGGESTED_TOKENS = ["{REMOVE}"];

function literalRemoveMessage(field: string, source: IssueSource): string {
  const what = `the value "${REMOVE_TOKEN}" would delete this field on the server; to remove it`;
  if (source.kind === "flags") return `${what}, use --remove ${field}`;
  return source.removeToken === undefined
    ? `${what} from a file, pass --remove-token TOKEN and write TOKEN in the cell`
    : `${what}, write ${source.removeToken}`;
}

/** The client's issues in the CLI's words: flags or columns instead of property names, and the CLI's way to remove. */
function reword(
  id: BodyOperationId,
  issues: readonly ValidationIssue[],
  raw: Readonly<Record<string, unknown>>,
  source: IssueSource,
): ValidationIssue[] {
  const fields: readonly string[] = [...OPERATIONS[id].lookup, ...OPERATIONS[id].details];
  const removable = removableFields(id);
  const asFlags = new RegExp(`\\b(${fields.join("|")})\\b`, "g");
  return issues.map(({ field, message }) => {
    if (raw[field] === REMOVE_TOKEN && removable.includes(field))
      message = literalRemoveMessage(field, source);
    if (field === "details") {
      message =
        source.kind === "rows"
          ? "the row sets no field; fill at least one field column (an empty cell leaves a field as it is)"
          : `set at least one field (e.g. --${flagForField(OPERATIONS[id].details[0] ?? "")} TEXT)${removable.length ? " or remove one with --remove FIELD" : ""}`;
      return { field: "fields", message };
    }
    return {
      field: source.kind === "rows" ? field : field.replace(asFlags, (f) => `--${flagForField(f)}`),
      message,
    };
  });
}

/**
 * Checks params with the library's own `validateParams`, sending nothing. Throws a
 * {@link TrackfinityValidationError} whose issues name CLI flags or row columns.
 */
export function checkParams<Id extends BodyOperationId>(
  id: Id,
  raw: Record<string, unknown>,
  source: IssueSource,
): { params: ParamsOf<Id>; lookup: Lookup } {
  const issues: ValidationIssue[] = [];
  let params: ParamsOf<Id> | undefined;
  try {
    params = validateParams(id, raw);
  } catch (error) {
    if (!(error instanceof TrackfinityValidationError)) throw error;
    issues.push(...reword(id, error.issues, raw, source));
  }
  if (source.kind === "rows" && source.removeToken === undefined) {
    for (const field of removableFields(id)) {
      const value = raw[field];
      if (typeof value === "string" && SUGGESTED_TOKENS.includes(value)) {
        issues.push({
          field,
          message: `"${value}" reads as a removal token, but no --remove-token was given, so it would be stored as text; to remove the field, pass --remove-token '${value}'`,
        });
      }
    }
  }
  if (!params || issues.length) throw new TrackfinityValidationError(issues);
  const field = OPERATIONS[id].lookup.find((f) => raw[f] !== undefined) ?? "";
  return { params, lookup: { field, id: String(raw[field]) } };
}

/** Flags that only make sense for one call, not with --from. */
export function singleCallFlagsGiven(id: BodyOperationId, flags: Flags): string[] {
  const op = OPERATIONS[id];
  const names = [...op.lookup, ...op.details].map(flagForField);
  names.push("remove", ...SECRET_FIELDS[id].map(stdinFlagFor));
  return names.filter((name) => flags.has(name)).map((name) => `--${name}`);
}

/**
 * Builds an operation's params from its field flags, `--remove` and secrets read from stdin.
 * Values stay strings; the client checks them. Throws {@link CliUsageError} for flags that contradict each other.
 */
export function paramsFromFlags(
  id: BodyOperationId,
  flags: Flags,
  fromStdin: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const op = OPERATIONS[id];
  const details: readonly string[] = op.details;
  const params: Record<string, unknown> = {};
  for (const field of [...op.lookup, ...op.details]) {
    const value = flags.string(flagForField(field));
    if (value !== undefined) params[field] = value;
  }
  for (const [field, value] of Object.entries(fromStdin)) {
    if (params[field] !== undefined) {
      throw new CliUsageError(
        `Pass ${field} with --${flagForField(field)} or --${stdinFlagFor(field)}, not both.`,
      );
    }
    params[field] = value;
  }
  const removable = removableFields(id);
  for (const name of flags.strings("remove")) {
    const field = name.replaceAll("-", "_");
    if (!details.includes(field)) {
      const suggestion = suggestName(name, details);
      throw new CliUsageError(
        `--remove ${name}: not a field that can be removed.${suggestion ? ` Did you mean ${suggestion}?` : ""} Removable: ${removable.join(", ")}.`,
      );
    }
    if (!removable.includes(field)) {
      throw new CliUsageError(`--remove ${field}: ${field} can be set but never removed.`);
    }
    if (params[field] !== undefined && params[field] !== REMOVE) {
      throw new CliUsageError(
        `--${flagForField(field)} and --remove ${field} contradict each other; pass one.`,
      );
    }
    params[field] = REMOVE;
  }
  return params;
}

/**
 * Turns a row's record into params: a value equal to `removeToken` becomes {@link REMOVE};
 * everything else is passed as it is, for the client to check.
 */
export function paramsFromRecord(
  record: Readonly<Record<string, unknown>>,
  removeToken: string | undefined,
): Record<string, unknown> {
  // fromEntries defines own properties, so a "__proto__" key stays a (refused) field, not a prototype.
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [
      field,
      removeToken !== undefined && value === removeToken ? REMOVE : value,
    ]),
  );
}
