import { REMOVE } from "../../index.js";

/**
 * Turns a row's record into setCustomerDetails params: a value equal to `removeToken` becomes
 * {@link REMOVE}; everything else is passed as it is, for the client to check.
 */
export function paramsFromRecord(
  record: Readonly<Record<string, unknown>>,
  removeToken: string | undefined,
): Record<string, unknown> {
  // fromEntries defines own properties, so a "__proto__" key stays a (refused) field, not a prototype.
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [
      field,
      removeToken !== undefined && value === removeToken ? REMOVE : value,
    ]),
  );
}
