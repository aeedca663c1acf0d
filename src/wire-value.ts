import type { Report } from "./check-fields.js";
import type { ValidationRule } from "./errors/validation-problem.js";
import { REMOVE_TOKEN } from "./generated/operation-data.js";
import type { FieldRule } from "./operation-shape.js";
import { REMOVE } from "./remove.js";

/** Text PHP reads as a number (PHP 8: a numeric string, spaces around it allowed). */
const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Whether `text` is a value PHP's `==` takes for `forbidden` (`-1.0`, ` -1` and `-01` for `-1`). */
function looselyEqual(text: string, forbidden: string): boolean {
  return NUMERIC.test(text) && Number(text) === Number(forbidden);
}

/**
 * A number as plain decimal digits, never with an exponent (`1e21` → `1000000000000000000000`,
 * `1e-7` → `0.0000001`), in the shortest digits that read back as the same number.
 */
export function plainDecimal(value: number): string {
  const text = String(value);
  const at = text.indexOf("e");
  if (at === -1) return text;
  const exponent = Number(text.slice(at + 1));
  const negative = text.startsWith("-");
  const [whole = "", fraction = ""] = text.slice(negative ? 1 : 0, at).split(".");
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + "0".repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}

/** Where a value sits: its field's name on the wire, whether it is a lookup id, whether it refuses REMOVE. */
export interface FieldContext {
  name: string;
  lookup: boolean;
  notRemovable: boolean;
}

/** The rule a text value breaks, if any. */
function textProblem(
  rule: FieldRule,
  value: unknown,
  { lookup, notRemovable }: FieldContext,
): ValidationRule | undefined {
  if (value === REMOVE || (notRemovable && value === REMOVE_TOKEN)) {
    return notRemovable
      ? { code: "not_removable" }
      : { code: "wrong_type", expected: lookup ? ["string", "number"] : ["string"] };
  }
  if (typeof value === "number") {
    if (!lookup) return { code: "number_for_text", value };
    if (!(Number.isSafeInteger(value) && value >= 0)) return { code: "not_an_id" };
    return undefined;
  }
  if (typeof value !== "string")
    return { code: "wrong_type", expected: lookup ? ["string", "number"] : ["string"] };
  if (!value && (lookup || (rule.kind === "text" && rule.minLength))) return { code: "empty" };
  if (lookup && value === REMOVE_TOKEN) return { code: "remove_as_lookup", token: REMOVE_TOKEN };
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) return { code: "lone_surrogate" };
  if (rule.kind !== "text") return undefined;
  if (rule.enum && !rule.enum.includes(value)) return { code: "not_one_of", allowed: rule.enum };
  const { forbid } = rule;
  if (forbid !== undefined && (value === forbid || (rule.loose && looselyEqual(value, forbid)))) {
    return { code: "forbidden_value", value: forbid };
  }
  return undefined;
}

/** The rule a number breaks, if any: a whole one for an integer, a finite one for a decimal, within bounds. */
function numberProblem(
  rule: Extract<FieldRule, { kind: "integer" | "decimal" }>,
  value: unknown,
): ValidationRule | undefined {
  const whole = rule.kind === "integer";
  if (typeof value !== "number") return { code: "wrong_type", expected: [whole ? "whole number" : "number"] };
  if (!Number.isFinite(value)) return { code: "not_finite" };
  if (whole && !Number.isSafeInteger(value)) return { code: "not_whole", value };
  if (rule.enum && !rule.enum.includes(value)) return { code: "not_one_of", allowed: rule.enum };
  const min = rule.minimum ?? Number.NEGATIVE_INFINITY;
  const max = rule.maximum ?? Number.POSITIVE_INFINITY;
  if (value < min || value > max) return { code: "out_of_range", min, max, whole };
  return undefined;
}

/** The rule a list breaks, if any: an array of known names, each once when the list is unique. */
function listProblem(rule: Extract<FieldRule, { kind: "list" }>, value: unknown): ValidationRule | undefined {
  if (!Array.isArray(value)) return { code: "wrong_type", expected: ["array"] };
  if (!value.length) return { code: "empty" };
  const unknown = value.find((item) => !rule.items.includes(item));
  if (unknown !== undefined) return { code: "unknown_item", item: String(unknown), known: rule.items };
  const repeated = value.find((item, i) => value.indexOf(item) !== i);
  if (rule.unique && repeated !== undefined) return { code: "repeated_item", item: String(repeated) };
  return undefined;
}

/**
 * Checks one field's value against its rule and returns its wire pairs, written as PHP reads them
 * back: text as given, integers as digits, decimals without exponent, a list joined by its
 * separator, an object as `name[key]=value`. Reports what is wrong (as the field `reportAs`, an
 * object's keys as `reportAs.key`) and returns undefined instead.
 */
export function wireValue(
  rule: FieldRule,
  value: unknown,
  context: FieldContext,
  report: Report,
  reportAs = context.name,
): Array<[string, string]> | undefined {
  if (rule.kind === "object") return objectPairs(rule, value, context.name, report, reportAs);
  let problem: ValidationRule | undefined;
  if (rule.kind === "text") problem = textProblem(rule, value, context);
  else if (rule.kind === "list") problem = listProblem(rule, value);
  else problem = numberProblem(rule, value);
  if (problem) {
    report(reportAs, problem);
    return undefined;
  }
  if (rule.kind === "list") return [[context.name, (value as string[]).join(rule.separator)]];
  if (rule.kind === "decimal") return [[context.name, plainDecimal(value as number)]];
  return [[context.name, String(value)]];
}

/** An object sent as `name[key]=value`: its own keys, each checked against its rule, and the rules between them. */
function objectPairs(
  rule: Extract<FieldRule, { kind: "object" }>,
  value: unknown,
  name: string,
  report: Report,
  reportAs: string,
): Array<[string, string]> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report(reportAs, { code: "wrong_type", expected: ["object"] });
    return undefined;
  }
  const keys: Readonly<Record<string, FieldRule>> = rule.fields;
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(value)) {
    const keyRule = keys[key];
    const field = `${reportAs}.${key}`;
    if (!Object.hasOwn(keys, key) || !keyRule) {
      report(field, { code: "unknown_field", known: Object.keys(keys) });
      continue;
    }
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const context = { name: `${name}[${key}]`, lookup: false, notRemovable: false };
    pairs.push(...(wireValue(keyRule, item, context, report, field) ?? []));
  }
  return pairs;
}
