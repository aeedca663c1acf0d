import { OPERATIONS, type OperationId } from "../generated/operation-data.js";
import type { FieldRule, OperationData } from "../index.js";

/** One flag (or file column) that sets one field, or one key of an object field (`--period` for `params[period]`). */
export interface FieldFlag {
  /** The flag's name without dashes, and a file's column name: `customer-id`, `period`. */
  flag: string;
  /** The top-level field it sets, e.g. `customer_id` or `params`. */
  field: string;
  /** The key it sets inside an object field, e.g. `period` of `params`. */
  key?: string;
  /** How the library names it in a validation problem: `customer_id`, `params.period`. */
  path: string;
  rule: FieldRule;
  role: "lookup" | "required" | "detail";
}

/** The flag that sets a spec field: `customer_id` → `customer-id`. */
export const flagForField = (field: string): string => field.replaceAll("_", "-");

/** Every flag of an operation's fields, in the spec's order; an object field's keys each get their own. */
export function fieldFlags(id: OperationId): FieldFlag[] {
  const op: OperationData = OPERATIONS[id];
  const flags: FieldFlag[] = [];
  for (const [field, rule] of Object.entries(op.fields)) {
    let role: FieldFlag["role"] = "detail";
    if (op.lookup.includes(field)) role = "lookup";
    else if (op.required.includes(field)) role = "required";
    if (rule.kind !== "object") {
      flags.push({ flag: flagForField(field), field, path: field, rule, role });
      continue;
    }
    for (const [key, keyRule] of Object.entries(rule.fields)) {
      flags.push({
        flag: flagForField(key),
        field,
        key,
        path: `${field}.${key}`,
        rule: keyRule,
        role: "detail",
      });
    }
  }
  return flags;
}

/** A plain decimal as typed: digits, an optional sign and fraction, no exponent, no hex, no spaces. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A value typed on the command line or in a file's cell, as the library takes it for its field: a
 * number for a numeric field when it reads as one (anything else is passed on as text, for the
 * library to refuse with the field's rule), a list split on its separator, text as it is.
 */
export function valueFromText(rule: FieldRule, text: string): unknown {
  if (rule.kind === "list") return text.split(rule.separator).map((item) => item.trim());
  if (rule.kind === "integer" || rule.kind === "decimal")
    return PLAIN_NUMBER.test(text) ? Number(text) : text;
  return text;
}

/**
 * Params from values by flag: each set on its field, or on its key of an object field. Values
 * that are text are read as their field's kind ({@link valueFromText}); others are kept as given.
 */
export function paramsFromValues(
  flags: readonly FieldFlag[],
  given: (flag: FieldFlag) => unknown,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const flag of flags) {
    const typed = given(flag);
    if (typed === undefined) continue;
    const value = typeof typed === "string" ? valueFromText(flag.rule, typed) : typed;
    if (flag.key === undefined) {
      params[flag.field] = value;
      continue;
    }
    if (params[flag.field] === undefined) params[flag.field] = {};
    (params[flag.field] as Record<string, unknown>)[flag.key] = value;
  }
  return params;
}
