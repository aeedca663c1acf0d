/**
 * Removes a field from the customer record: pass it as a detail field's value.
 *
 * It is sent as the wire token `REMOVE`, but it is not a string: a real value that happens
 * to read `"REMOVE"` is refused instead of silently deleting the field. Not allowed for `password`.
 *
 * @example
 * await trackfinity.setCustomerDetails({ customer_id: 191, address2: REMOVE });
 */
export const REMOVE: unique symbol = Symbol.for("trackfinity-client.REMOVE");

/** The type of {@link REMOVE}. */
export type Remove = typeof REMOVE;
