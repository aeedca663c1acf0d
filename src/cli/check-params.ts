import { encodeParams } from "../encode-params.js";
import { LOOKUP_FIELDS } from "../generated/fields.js";
import { type SetCustomerDetailsParams, TrackfinityValidationError } from "../index.js";
import { type IssueSource, rewordParamIssues } from "./cli-issues.js";

/** Which customer a request names, e.g. `{ field: "customer_id", id: "191" }`. */
export interface Lookup {
  field: string;
  id: string;
}

/**
 * Checks params with the client's own validation (`encodeParams`), without sending anything.
 * Throws a {@link TrackfinityValidationError} whose issues name CLI flags or row columns.
 */
export function checkParams(
  params: Record<string, unknown>,
  source: IssueSource,
): { params: SetCustomerDetailsParams; lookup: Lookup } {
  let body: URLSearchParams;
  try {
    body = encodeParams(params);
  } catch (error) {
    if (!(error instanceof TrackfinityValidationError)) throw error;
    throw new TrackfinityValidationError(rewordParamIssues(error.issues, params, source));
  }
  const field = LOOKUP_FIELDS.find((f) => body.has(f)) ?? LOOKUP_FIELDS[0];
  return { params: params as SetCustomerDetailsParams, lookup: { field, id: body.get(field) ?? "" } };
}
