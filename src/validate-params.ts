import { type Broken, checkFields } from "./check-fields.js";
import { TrackfinityValidationError } from "./errors/validation-error.js";
import { OPERATIONS, type OperationId, REMOVE_TOKEN } from "./generated/operation-data.js";
import type { ParamsOf, WireBody } from "./params.js";
import { REMOVE } from "./remove.js";

/** One operation's data, as generated from the spec. */
export type Operation = (typeof OPERATIONS)[OperationId];

/** The operations that take params: every one with a request body. */
export type BodyOperationId = {
  [Id in OperationId]: (typeof OPERATIONS)[Id]["hasBody"] extends true ? Id : never;
}[OperationId];

/** The operations that take params, the ones {@link validateParams} checks. */
const BODY_OPERATIONS: readonly string[] = Object.keys(OPERATIONS).filter(
  (id) => OPERATIONS[id as OperationId].hasBody,
);

/** "a or b", "a, b or c": how a lookup rule's issue names its fields. */
const either = (names: readonly string[]) => names.join(", ").replace(/, ([^,]*)$/, " or $1");

/**
 * The rule a field's value breaks, if any: a lookup id is a string or a whole number, a detail a
 * string, or {@link REMOVE} where it is `removable`.
 */
function valueProblem(value: unknown, lookup: boolean, removable: boolean): Broken {
  if (!lookup && (value === REMOVE || value === REMOVE_TOKEN)) {
    if (!removable) return { code: "not_removable" };
    if (value === REMOVE_TOKEN) return { code: "literal_remove", token: REMOVE_TOKEN };
    return undefined;
  }
  if (typeof value === "number") {
    if (!lookup) return { code: "number_for_text", value };
    if (!(Number.isSafeInteger(value) && value >= 0)) return { code: "not_an_id" };
    return undefined;
  }
  if (typeof value !== "string") return { code: "wrong_type", expected: acceptedTypes(lookup, removable) };
  if (lookup && !value) return { code: "empty" };
  if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) return { code: "lone_surrogate" };
  return undefined;
}

/** What a field accepts besides a string: a number for a lookup id, REMOVE for a removable detail. */
function acceptedTypes(lookup: boolean, removable: boolean): string[] {
  if (lookup) return ["string", "number"];
  if (removable) return ["string", "REMOVE"];
  return ["string"];
}

/**
 * Checks an operation's params against every rule (the spec's and the client-only ones) and
 * returns the form body's fields as text, in the caller's order (`undefined` for an operation
 * without a body). Throws {@link TrackfinityValidationError} naming every offending field; reads
 * own properties only, never mutates `params`.
 */
export function encodeParams<Id extends OperationId>(id: Id, params: unknown): WireBody<Id> {
  const op: Operation = OPERATIONS[id];
  if (!op.hasBody) return undefined as WireBody<Id>;
  return checkFields(params, "params", (read, report) => {
    const lookupIds: readonly string[] = op.lookup;
    const fixed: readonly string[] = op.notRemovable;
    const body: Record<string, string> = {};
    let lookups = 0;
    let details = 0;
    // Own enumerable keys only, in the caller's order: inherited properties are never read.
    for (const field of Object.keys(params as object)) {
      const lookup = lookupIds.includes(field);
      if (!lookup && !(op.details as readonly string[]).includes(field)) {
        report(field, { code: "unknown_field", known: [...op.lookup, ...op.details] });
        continue;
      }
      const value = read(field);
      if (value === undefined) continue;
      if (lookup) lookups++;
      else details++;
      const problem = valueProblem(value, lookup, !fixed.includes(field));
      if (problem) report(field, problem);
      else body[field] = String(value); // REMOVE reads as its wire token
    }
    if (lookups !== 1)
      report(either(op.lookup), { code: "lookup_count", lookups: op.lookup, given: lookups });
    if (details < op.minDetails) {
      report("details", { code: "too_few_details", min: op.minDetails, details: op.details });
    }
    // Every field was checked: the body is what the spec's type describes.
    return body as WireBody<Id>;
  });
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
export function validateParams<Id extends BodyOperationId>(operationId: Id, input: unknown): ParamsOf<Id> {
  if (!BODY_OPERATIONS.includes(operationId)) {
    throw new TrackfinityValidationError([
      { field: "operationId", code: "unknown_operation", known: BODY_OPERATIONS },
    ]);
  }
  encodeParams(operationId, input);
  return input as ParamsOf<Id>;
}
