import { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";

/** What is wrong with a value; falsy when nothing is. */
export type Problem = string | false | undefined;

/** Reads a field of the object under check, reporting `problem(value)` when there is one. */
export type Read = (field: string, problem?: (value: unknown) => Problem) => unknown;

/** Reports a problem with a field; a falsy problem is none. */
export type Report = (field: string, problem: Problem) => void;

/**
 * Checks an object of fields (options, params): `check` reads them through `read`, reports what is
 * wrong and builds the result. Throws one {@link TrackfinityValidationError} naming every problem.
 * Whatever `check` throws (a caller's getter or Proxy trap) becomes a problem of the field being
 * read, or of the object itself (`name`) before any field is.
 */
export function checkFields<T>(source: unknown, name: string, check: (read: Read, report: Report) => T): T {
  const issues: ValidationIssue[] = [];
  const report: Report = (field, problem) => {
    if (problem) issues.push({ field, message: problem });
  };
  let field = name;
  let result: T | undefined;
  try {
    if (typeof source !== "object" || source === null || Array.isArray(source)) {
      throw new TypeError("expected an object");
    }
    result = check((next, problem) => {
      field = next;
      const value = (source as Record<string, unknown>)[next];
      report(next, problem?.(value));
      return value;
    }, report);
  } catch (error) {
    // The thrown value may be anything, a revoked Proxy included: reading its message may throw too.
    let message = "it threw";
    try {
      message = String((error as Error).message ?? error);
    } catch {}
    report(field, message);
  }
  if (issues.length) throw new TrackfinityValidationError(issues);
  return result as T;
}
