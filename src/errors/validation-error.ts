import { TrackfinityError } from "./trackfinity-error.js";
import { describeProblem, type ValidationProblem } from "./validation-problem.js";

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
 * `issues` lists every offending field in words, and the message names them all; `problems` says
 * the same as data (the rule each broke), for callers that write their own words.
 */
export class TrackfinityValidationError extends TrackfinityError {
  override name = "TrackfinityValidationError";
  /** Every problem, in field order, in the library's words: `issues[i]` is `problems[i]` as text. */
  readonly issues: ValidationIssue[];

  /** @param problems every problem found, in field order */
  constructor(readonly problems: readonly ValidationProblem[]) {
    const issues = problems.map((problem) => ({ field: problem.field, message: describeProblem(problem) }));
    super(
      `Invalid input, nothing was sent:${issues.map((i) => `\n  - ${i.field}: ${i.message}`).join("")}`,
      "invalid",
    );
    this.issues = issues;
  }
}
