import { REMOVE_TOKEN } from "./generated/operation-data.js";

declare const brand: unique symbol;

/** The type of {@link REMOVE}: an object type, so it survives `const update = { …, zip: REMOVE }` unwidened. */
export interface Remove {
  readonly [brand]: typeof REMOVE_TOKEN;
}

/**
 * Removes a field from the customer record: pass it as a detail field's value.
 *
 * It is sent as the wire token `REMOVE`, but it is not a string: a real value that happens
 * to read `"REMOVE"` is refused instead of silently deleting the field. Not allowed for `password`.
 *
 * @example
 * await trackfinity.setCustomerDetails({ customer_id: 191, address2: REMOVE });
 */
export const REMOVE: Remove = Object.freeze({ toString: () => REMOVE_TOKEN }) as unknown as Remove;
