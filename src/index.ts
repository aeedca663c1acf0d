export { createTrackfinityClient, type TrackfinityClient } from "./client.js";
export {
  type ResponseDetails,
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
} from "./errors/api-errors.js";
export { TrackfinityError } from "./errors/trackfinity-error.js";
export {
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
} from "./errors/transport-errors.js";
export { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
export type { CallOptions, TrackfinityClientOptions, TrackfinityLogger } from "./options.js";
export type { DetailField, LookupField, SetCustomerDetailsParams } from "./params.js";
export { REMOVE, type Remove } from "./remove.js";
