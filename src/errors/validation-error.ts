import { TrackfinityError } from "./trackfinity-error.js";

/** One problem with the input: which field, and what to do about it. */
export interface ValidationIssue {
  /** The parameter or option at fault, e.g. `firstname`, `customer_id or subscription_id`, `baseUrl`. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * The request parameters or client options are invalid. Nothing was sent. Its `kind` is `invalid`.
 *
 * `issues` lists every offending field; the message names them all.
 */
export class TrackfinityValidationError extends TrackfinityError {
  override name = "TrackfinityValidationError";

  /** @param issues every problem found, in field order */
  constructor(readonly issues: ValidationIssue[]) {
    super(
      `Invalid input, nothing was sent:${issues.map((i) => `\n  - ${i.field}: ${i.message}`).join("")}`,
      "invalid",
    );
  }
}
