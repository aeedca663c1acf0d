import { OPERATIONS, SECRET_FIELDS } from "../generated/operation-data.js";
import {
  type FieldRule,
  type ParamsOf,
  type ParamsOperationId,
  REMOVE,
  TrackfinityValidationError,
  validateParams,
} from "../index.js";
import { type Flags, suggestName } from "./args.js";
import { flagForField, removableFields, stdinFlagFor } from "./commands.js";
import { CliUsageError, InvalidInputError } from "./errors.js";
import { fieldFlags, paramsFromValues, valueFromText } from "./field-flags.js";
import { type InputIssue, type InputSource, issueFor } from "./issue-text.js";

/** How an operation's params reached the CLI: as flags of one call, or as rows of a file. */
export type ParamsSource = Exclude<InputSource, { kind: "options" }>;

/** Which record a call names, e.g. `{ field: "customer_id", id: "191" }`: its lookup id, or its first required field. */
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
export function checkParams<Id extends ParamsOperationId>(
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
  const op = OPERATIONS[id];
  const field = op.lookup.find((f) => raw[f] !== undefined) ?? op.required[0] ?? "";
  return { params, lookup: { field, id: String(raw[field]) } };
}

/** Flags that only make sense for one call, not with --from. */
export function singleCallFlagsGiven(id: ParamsOperationId, flags: Flags): string[] {
  const names = fieldFlags(id).map((flag) => flag.flag);
  names.push("remove", ...SECRET_FIELDS[id].map(stdinFlagFor));
  return names.filter((name) => flags.has(name)).map((name) => `--${name}`);
}

/**
 * Builds an operation's params from its field flags, `--remove` and secrets read from stdin: text,
 * a number for a numeric field when it reads as one, a list split on its commas, an object's keys
 * from their own flags. The client checks them. Throws {@link CliUsageError} for flags that
 * contradict each other.
 */
export function paramsFromFlags(
  id: ParamsOperationId,
  flags: Flags,
  fromStdin: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const details: readonly string[] = OPERATIONS[id].details;
  const params = paramsFromValues(fieldFlags(id), (flag) => flags.string(flag.flag));
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
 * Turns a row's record into params: a value equal to `removeToken` becomes {@link REMOVE}; text in
 * a numeric or list column is read as the flag's text would be; everything else is passed as it is,
 * for the client to check.
 */
export function paramsFromRecord(
  id: ParamsOperationId,
  record: Readonly<Record<string, unknown>>,
  removeToken: string | undefined,
): Record<string, unknown> {
  const rules: Readonly<Record<string, FieldRule>> = OPERATIONS[id].fields;
  const paramValue = (field: string, value: unknown): unknown => {
    if (removeToken !== undefined && value === removeToken) return REMOVE;
    const rule = Object.hasOwn(rules, field) ? rules[field] : undefined;
    return rule && typeof value === "string" && rule.kind !== "object" ? valueFromText(rule, value) : value;
  };
  // fromEntries defines own properties, so a "__proto__" key stays a (refused) field, not a prototype.
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [field, paramValue(field, value)]),
  );
}
