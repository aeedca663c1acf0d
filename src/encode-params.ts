import { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
import { DETAIL_FIELDS, LOOKUP_FIELDS, NOT_REMOVABLE_FIELDS, REMOVE_TOKEN } from "./generated/fields.js";
import { REMOVE } from "./remove.js";
import { suggestField } from "./suggest-field.js";

const KNOWN: readonly string[] = [...LOOKUP_FIELDS, ...DETAIL_FIELDS];
const NOT_REMOVABLE: readonly string[] = NOT_REMOVABLE_FIELDS;
const LOOKUP_LABEL = LOOKUP_FIELDS.join(" or ");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function checkText(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) {
    return "contains a lone UTF-16 surrogate, which URL encoding would silently turn into U+FFFD; fix the text's encoding";
  }
  return undefined;
}

function checkLookup(value: unknown): string | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0
      ? undefined
      : `${value} is not a whole, non-negative, safe integer; pass the id as a string`;
  }
  if (typeof value !== "string") return `expected a string or a number, got ${kindOf(value)}`;
  if (value === "") return "is empty; pass the id of the customer to change";
  return checkText(value);
}

function checkDetail(field: string, value: unknown): string | undefined {
  const removable = !NOT_REMOVABLE.includes(field);
  if (value === REMOVE)
    return removable ? undefined : `${field} can be set but never removed; drop the field`;
  if (value === REMOVE_TOKEN) {
    return removable
      ? `the string "${REMOVE_TOKEN}" would delete this field; to remove it, pass the REMOVE constant exported by trackfinity-client`
      : `the server reads "${REMOVE_TOKEN}" as a removal, which ${field} does not allow; choose another value`;
  }
  if (typeof value === "number") {
    return `expected a string, got the number ${value}; pass it as text (e.g. "${value}") so nothing like a leading zero is lost`;
  }
  if (typeof value !== "string") {
    return `expected a string${removable ? " or REMOVE" : ""}, got ${kindOf(value)}`;
  }
  return checkText(value);
}

function readOwn(params: object, field: string, issues: ValidationIssue[]): unknown {
  try {
    return Object.hasOwn(params, field) ? (params as Record<string, unknown>)[field] : undefined;
  } catch (error) {
    issues.push({ field, message: `reading it threw (${error instanceof Error ? error.message : "?"})` });
    return undefined;
  }
}

/**
 * Checks setCustomerDetails parameters against every rule (the spec's and the client-only ones)
 * and encodes them as the urlencoded wire body. Throws {@link TrackfinityValidationError}
 * naming every offending field; never reads inherited properties or mutates `params`.
 */
export function encodeParams(params: unknown): URLSearchParams {
  const issues: ValidationIssue[] = [];
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new TrackfinityValidationError("setCustomerDetails params", [
      {
        field: "params",
        message: `expected an object like { customer_id: 191, firstname: "Test" }, got ${kindOf(params)}`,
      },
    ]);
  }
  let keys: string[] = [];
  try {
    keys = Object.keys(params);
  } catch (error) {
    issues.push({
      field: "params",
      message: `listing its keys threw (${error instanceof Error ? error.message : "?"})`,
    });
  }
  for (const key of keys) {
    if (KNOWN.includes(key)) continue;
    const suggestion = suggestField(key, KNOWN);
    issues.push({
      field: key,
      message: `unknown field; ${suggestion ? `did you mean ${suggestion}?` : `known fields: ${KNOWN.join(", ")}`}`,
    });
  }

  const values = new Map<string, unknown>();
  for (const field of KNOWN) {
    const value = readOwn(params, field, issues);
    if (value !== undefined) values.set(field, value);
  }

  const body = new URLSearchParams();
  const lookups = LOOKUP_FIELDS.filter((field) => values.has(field));
  if (lookups.length !== 1) {
    issues.push({
      field: LOOKUP_LABEL,
      message: lookups.length
        ? `pass only one of ${lookups.join(" and ")}: they name the customer in different ways`
        : `missing: name the customer with ${LOOKUP_LABEL}`,
    });
  }
  for (const field of lookups) {
    const value = values.get(field);
    const problem = checkLookup(value);
    if (problem) issues.push({ field, message: problem });
    else body.append(field, String(value));
  }

  let details = 0;
  for (const field of DETAIL_FIELDS) {
    const value = values.get(field);
    if (value === undefined) continue;
    details++;
    const problem = checkDetail(field, value);
    if (problem) issues.push({ field, message: problem });
    else body.append(field, value === REMOVE ? REMOVE_TOKEN : String(value));
  }
  if (details === 0) {
    issues.push({ field: "details", message: `set or REMOVE at least one of ${DETAIL_FIELDS.join(", ")}` });
  }

  if (issues.length) throw new TrackfinityValidationError("setCustomerDetails params", issues);
  return body;
}
