import { type Broken, checkFields, type Report } from "./check-fields.js";
import { TrackfinityValidationError } from "./errors/validation-error.js";
import { OPERATIONS, type OperationId, REMOVE_TOKEN } from "./generated/operation-data.js";
import type { FieldsRule, OperationData } from "./operation-shape.js";
import type { ParamsOf, ParamsOperationId } from "./params.js";
import { REMOVE } from "./remove.js";
import { wireValue } from "./wire-value.js";

/** The operations that take params, the ones {@link validateParams} checks. */
const PARAMS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS).filter(
  (id) => OPERATIONS[id as OperationId].input !== "none",
);

/** "a or b", "a, b or c": how a lookup rule's issue names its fields. */
const either = (names: readonly string[]) => names.join(", ").replace(/, ([^,]*)$/, " or $1");

/** What the caller passed for a field: its own properties only, never inherited ones. */
const given = (fields: Readonly<Record<string, unknown>>, name: string) =>
  Object.hasOwn(fields, name) && fields[name] !== undefined;

/** Whether a rule between fields applies to these fields. */
function applies(rule: FieldsRule, fields: Readonly<Record<string, unknown>>): boolean {
  if (!given(fields, rule.when)) return false;
  const value = fields[rule.when];
  if (rule.equals !== undefined && value !== rule.equals) return false;
  if (rule.atMost !== undefined && !(typeof value === "number" && value <= rule.atMost)) return false;
  return true;
}

/** Reports each rule between fields that `fields` break, on the field that brings the rule in. */
function checkRules(
  rules: readonly FieldsRule[],
  fields: Readonly<Record<string, unknown>>,
  report: Report,
  prefix = "",
): void {
  for (const rule of rules) {
    if (!applies(rule, fields)) continue;
    // A rule about a value (period 8) names it; a rule about presence (start needs end) does not.
    const conditioned = rule.equals !== undefined || rule.atMost !== undefined;
    const value = conditioned ? fields[rule.when] : undefined;
    const needs = (rule.require ?? []).filter((name) => !given(fields, name));
    const excludes = (rule.forbid ?? []).filter((name) => given(fields, name));
    const field = `${prefix}${rule.when}`;
    if (needs.length) report(field, { code: "needs", value, fields: needs.map((name) => prefix + name) });
    if (excludes.length)
      report(field, { code: "excludes", value, fields: excludes.map((name) => prefix + name) });
  }
}

/**
 * The rule a removable detail's value breaks, if any, and its wire text: {@link REMOVE} sends the
 * removal token, the token's text is refused (it would delete the field by accident).
 */
function removableText(value: unknown): { text: string } | Broken {
  if (value === REMOVE) return { text: REMOVE_TOKEN };
  if (value === REMOVE_TOKEN) return { code: "literal_remove", token: REMOVE_TOKEN };
  return undefined;
}

/**
 * Checks an operation's params against every rule (the spec's and the client-only ones) and returns
 * them as the wire text the server reads: the form body, or the query (`name[key]=value` for an
 * object), fields in the caller's order and the client's own ones after them; `""` for an operation
 * without params. Throws {@link TrackfinityValidationError} naming every offending field; reads own
 * properties only, never mutates `params`.
 */
export function encodeParams(id: OperationId, params: unknown): string {
  const op: OperationData = OPERATIONS[id];
  if (op.input === "none") return "";
  if (params === undefined && !op.lookup.length && !op.required.length) return encodeFilled(op);
  return checkFields(params, "params", (read, report) => {
    const { fields, lookup: lookupIds, removable } = op;
    const pairs: Array<[string, string]> = [];
    const objects: Array<[string, readonly FieldsRule[], Readonly<Record<string, unknown>>]> = [];
    let lookups = 0;
    let details = 0;
    // Own enumerable keys only, in the caller's order: inherited properties are never read.
    for (const name of Object.keys(params as object)) {
      const rule = fields[name];
      if (!Object.hasOwn(fields, name) || !rule) {
        report(name, unknownField(op, name));
        continue;
      }
      const value = read(name);
      if (value === undefined) continue;
      const lookup = lookupIds.includes(name);
      if (lookup) lookups++;
      else if (op.details.includes(name)) details++;
      const removal = removable.includes(name) ? removableText(value) : undefined;
      if (removal && "text" in removal) pairs.push([name, removal.text]);
      else if (removal) report(name, removal);
      else {
        const context = { name, lookup, notRemovable: op.notRemovable.includes(name) };
        pairs.push(...(wireValue(rule, value, context, report) ?? []));
        if (rule.kind === "object" && typeof value === "object" && value !== null) {
          objects.push([name, rule.rules, value as Readonly<Record<string, unknown>>]);
        }
      }
    }
    const source = params as Readonly<Record<string, unknown>>;
    if (lookupIds.length && lookups !== 1) {
      report(either(lookupIds), { code: "lookup_count", lookups: lookupIds, given: lookups });
    }
    for (const name of op.required) if (!given(source, name)) report(name, { code: "required" });
    if (details < op.minDetails) {
      report("details", { code: "too_few_details", min: op.minDetails, details: op.details });
    }
    checkRules(op.rules, source, report);
    for (const [name, rules, value] of objects) checkRules(rules, value, report, `${name}.`);
    for (const [name, value] of Object.entries(op.filled)) pairs.push([name, value]);
    return new URLSearchParams(pairs).toString();
  });
}

/** An operation called without params: only the fields the client fills. */
function encodeFilled(op: OperationData): string {
  return new URLSearchParams(Object.entries(op.filled)).toString();
}

/** A field the operation does not take: one the client fills itself, or an unknown one. */
function unknownField(op: OperationData, name: string): Broken {
  const filled = op.filled[name];
  if (Object.hasOwn(op.filled, name) && filled !== undefined)
    return { code: "filled_by_client", value: filled };
  return { code: "unknown_field", known: Object.keys(op.fields) };
}

/**
 * Checks params built at run time (a form, a queue message, parsed JSON) against every rule of
 * the operation, as its method would before sending, and returns them typed for that method.
 * Sends nothing.
 *
 * @throws {TrackfinityValidationError} naming every offending field.
 * @example
 * const params = validateParams("setCustomerDetails", { customer_id: form.id, email: form.email });
 * await trackfinity.setCustomerDetails(params);
 */
export function validateParams<Id extends ParamsOperationId>(operationId: Id, input: unknown): ParamsOf<Id> {
  if (!PARAMS_OPERATIONS.includes(operationId)) {
    throw new TrackfinityValidationError([
      { field: "operationId", code: "unknown_operation", known: PARAMS_OPERATIONS },
    ]);
  }
  encodeParams(operationId, input);
  return input as ParamsOf<Id>;
}
