export { createTrackfinityClient, type TrackfinityClient } from "./client.js";
export {
  type ResponseDetails,
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
} from "./errors/api-errors.js";
export type { ErrorKind } from "./errors/error-kind.js";
export { TrackfinityRefusalError } from "./errors/refusal-error.js";
export type { AdvisedOperation, StatusAdvice } from "./errors/status-advice.js";
export { TrackfinityError } from "./errors/trackfinity-error.js";
export {
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
} from "./errors/transport-errors.js";
export { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
export type { ValidationProblem, ValidationRule } from "./errors/validation-problem.js";
export type { components, operations } from "./generated/openapi.js";
export type { OPERATIONS, OperationId, REMOVE_TOKEN } from "./generated/operation-data.js";
export type * from "./generated/operation-types.js";
export type { Slowing } from "./latency.js";
export type { LimiterState } from "./limiter.js";
export type { AnswerRule, FieldRule, FieldsRule, OperationData } from "./operation-shape.js";
export type { CallOptions, TrackfinityClientOptions, TrackfinityLogger } from "./options.js";
export { type ReportPage, TrackfinityPagingError } from "./pages.js";
export type {
  AnswerOf,
  AtLeastOne,
  BrokenRule,
  CheckedParams,
  DetailField,
  InputOf,
  LookupField,
  LookupValue,
  NoUnknownFields,
  OneLookup,
  ParamsOf,
  ParamsOperationId,
  ParamsShape,
  WireBody,
  WireQuery,
} from "./params.js";
export { createRedactor } from "./redact.js";
export { REMOVE, type Remove } from "./remove.js";
export { validateParams } from "./validate-params.js";
