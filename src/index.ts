export { createTrackfinityClient, type TrackfinityClient } from "./client.js";
export {
  type ResponseDetails,
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
} from "./errors/api-errors.js";
export type { ErrorKind } from "./errors/error-kind.js";
export { TrackfinityError } from "./errors/trackfinity-error.js";
export {
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
} from "./errors/transport-errors.js";
export { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
export type { components, operations } from "./generated/openapi.js";
export type { OPERATIONS, OperationId, REMOVE_TOKEN } from "./generated/operation-data.js";
export type * from "./generated/operation-types.js";
export type { LimiterState } from "./limiter.js";
export type { CallOptions, TrackfinityClientOptions, TrackfinityLogger } from "./options.js";
export type {
  AnswerOf,
  AtLeastOne,
  ByLookup,
  DetailField,
  Details,
  DetailValues,
  InputOf,
  LookupField,
  NotRemovableField,
  ParamsOf,
  RequiredKeys,
  WireBody,
  WireValue,
} from "./params.js";
export { createRedactor } from "./redact.js";
export { REMOVE, type Remove } from "./remove.js";
export { type BodyOperationId, validateParams } from "./validate-params.js";
