import {
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
  TrackfinityValidationError,
} from "../index.js";

/** An error as printed with --json and written to a report: class, HTTP status if any, message. */
export interface ErrorDescription {
  error: string;
  status?: number;
  message: string;
  body?: string;
  issues?: Array<{ field: string; message: string }>;
}

/** Describes any error for machine-readable output; the client has already redacted the API key from it. */
export function describeError(error: unknown, withBody = true): ErrorDescription {
  if (!(error instanceof Error)) return { error: "Error", message: String(error) };
  const description: ErrorDescription = { error: error.name, message: error.message };
  if (error instanceof TrackfinityApiError || error instanceof TrackfinityUnexpectedResponseError) {
    description.status = error.status;
    if (withBody) description.body = error.body;
  }
  if (error instanceof TrackfinityValidationError) description.issues = error.issues;
  return description;
}
