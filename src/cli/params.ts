import { OPERATIONS, SECRET_FIELDS } from "../generated/operation-data.js";
import {
  type BodyOperationId,
  type ParamsOf,
  REMOVE,
  TrackfinityValidationError,
  validateParams,
} from "../index.js";
import { type Flags, suggestName } from "./args.js";
import { flagForField, removableFields, stdinFlagFor } from "./commands.js";
import { CliUsageError, InvalidInputError } from "./errors.js";
import { type InputIssue, type InputSource, issueFor } from "./issue-text.js";

/** How an operation's params reached the CLI: as flags of one call, or as rows of a file. */
export type ParamsSource = Exclude<InputSource, { kind: "options" }>;

/** Which record a call names, e.g. `{ field: "customer_id", id: "191" }`. */
export interface Lookup {
  field: string;
  id: string;
}

/** Removal tokens the docs suggest for files: a cell holding one without --remove-token is a mistake, not data. */
const SUGGESTED_TOKENS = ["{REMOVE}"];

/**
 * Checks params with the library's own `validateParams`, sending nothing. Throws an
 * {@link InvalidInputError} whose issues name CLI flags or row columns.
 */
export function checkParams<Id extends BodyOperationId>(
  id: Id,
  raw: Record<string, unknown>,
  source: ParamsSource,
): { params: ParamsOf<Id>; lookup: Lookup } {
  const issues: InputIssue[] = [];
  let params: ParamsOf<Id> | undefined;
  try {
    params = validateParams(id, raw);
  } catch (error) {
    if (!(error instanceof TrackfinityValidationError)) throw error;
    issues.push(...error.problems.map((problem) => issueFor(problem, source)));
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
  if (!params || issues.length) throw new InvalidInputError(issues);
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
