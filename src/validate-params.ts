import { checkFields, type Problem } from "./check-fields.js";
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

/** "a or b", "a, b or c". */
const either = (names: readonly string[]) => names.join(", ").replace(/, ([^,]*)$/, " or $1");

/**
 * What is wrong with a field's value, if anything: a lookup id is a string or a whole number, a
 * detail a string, or {@link REMOVE} where it is `removable`.
 */
function valueProblem(value: unknown, lookup: boolean, removable: boolean): Problem {
  if (!lookup && (value === REMOVE || value === REMOVE_TOKEN)) {
    return removable
      ? value === REMOVE_TOKEN && `"${REMOVE_TOKEN}" would delete the field; use the REMOVE constant`
      : "can't be removed";
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
        report(field, `unknown field; known fields: ${[...op.lookup, ...op.details].join(", ")}`);
        continue;
      }
      const value = read(field);
      if (value === undefined) continue;
      lookup ? lookups++ : details++;
      const problem = valueProblem(value, lookup, !fixed.includes(field));
      if (problem) report(field, problem);
      else body[field] = String(value); // REMOVE reads as its wire token
    }
    if (lookups !== 1) report(either(op.lookup), lookups ? "pass only one" : "missing");
    report(
      "details",
      details < op.minDetails &&
        `set or REMOVE at least ${op.minDetails === 1 ? "one" : op.minDetails} of ${op.details.join(", ")}`,
    );
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
      { field: "operationId", message: `expected one of ${BODY_OPERATIONS.join(", ")}` },
    ]);
  }
  encodeParams(operationId, input);
  return input as ParamsOf<Id>;
}
