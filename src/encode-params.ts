import { describeThrown } from "./describe-thrown.js";
import { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
import { DETAIL_FIELDS, LOOKUP_FIELDS, NOT_REMOVABLE_FIELDS, REMOVE_TOKEN } from "./generated/fields.js";
import { REMOVE } from "./remove.js";

const LOOKUP: readonly string[] = LOOKUP_FIELDS;
const KNOWN: readonly string[] = [...LOOKUP, ...DETAIL_FIELDS];
const NOT_REMOVABLE: readonly string[] = NOT_REMOVABLE_FIELDS;

function valueProblem(field: string, value: unknown): string | false {
  const lookup = LOOKUP.includes(field);
  const removable = !lookup && !NOT_REMOVABLE.includes(field);
  if (!lookup && (value === REMOVE || value === REMOVE_TOKEN)) {
    return !removable
      ? "can't be removed"
      : value === REMOVE_TOKEN && `"${REMOVE_TOKEN}" would delete the field; use the REMOVE constant`;
  }
  if (typeof value === "number") {
    return lookup
      ? !(Number.isSafeInteger(value) && value >= 0) && "must be a whole number >= 0, or a string"
      : `pass "${value}" as a string`;
  }
  if (typeof value !== "string") {
    return `expected a string${lookup ? " or number" : removable ? " or REMOVE" : ""}`;
  }
  return (
    (lookup && !value && "is empty") ||
    (!(value as unknown as { isWellFormed(): boolean }).isWellFormed() && "has a lone UTF-16 surrogate")
  );
}

/**
 * Checks setCustomerDetails parameters against every rule (the spec's and the client-only ones)
 * and encodes them as the urlencoded wire body. Throws {@link TrackfinityValidationError}
 * naming every offending field; reads own properties only, never mutates `params`.
 */
export function encodeParams(params: unknown): URLSearchParams {
  const issues: ValidationIssue[] = [];
  const problem = (field: string, message: string | false) => message && issues.push({ field, message });
  const body = new URLSearchParams();
  let field = "params";
  let lookups = 0;
  let details = 0;
  try {
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw new TypeError("expected an object of fields");
    }
    // Own enumerable keys only, in the caller's order: inherited properties are never read.
    for (field of Object.keys(params)) {
      if (!KNOWN.includes(field)) {
        problem(field, `unknown field; known fields: ${KNOWN.join(", ")}`);
        continue;
      }
      const value = (params as Record<string, unknown>)[field];
      if (value === undefined) continue;
      LOOKUP.includes(field) ? lookups++ : details++;
      const message = valueProblem(field, value);
      if (message) problem(field, message);
      else body.append(field, value === REMOVE ? REMOVE_TOKEN : String(value));
    }
  } catch (error) {
    throw new TrackfinityValidationError([{ field, message: describeThrown(error) }]);
  }
  problem(LOOKUP.join(" or "), lookups !== 1 && (lookups ? "pass only one" : "missing"));
  problem("details", !details && `set or REMOVE at least one of ${DETAIL_FIELDS.join(", ")}`);
  if (issues.length) throw new TrackfinityValidationError(issues);
  return body;
}
