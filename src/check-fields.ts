import { TrackfinityValidationError } from "./errors/validation-error.js";
import type { ValidationProblem, ValidationRule } from "./errors/validation-problem.js";

/** The rule a value breaks; undefined when it breaks none. */
export type Broken = ValidationRule | undefined;

/** Reads a field of the object under check, reporting the rule `check(value)` finds broken, if any. */
export type Read = (field: string, check?: (value: unknown) => Broken) => unknown;

/** Reports a broken rule of a field; undefined is none. */
export type Report = (field: string, rule: Broken) => void;

/**
 * Checks an object of fields (options, params): `check` reads them through `read`, reports what is
 * wrong and builds the result. Throws one {@link TrackfinityValidationError} naming every problem.
 * Whatever `check` throws (a caller's getter or Proxy trap) becomes a problem of the field being
 * read, or of the object itself (`name`) before any field is.
 */
export function checkFields<T>(source: unknown, name: string, check: (read: Read, report: Report) => T): T {
  const problems: ValidationProblem[] = [];
  const report: Report = (field, rule) => {
    if (rule) problems.push({ field, ...rule });
  };
  let field = name;
  let result: T | undefined;
  try {
    // Inside the try: Array.isArray throws on a revoked Proxy.
    if (typeof source !== "object" || source === null || Array.isArray(source)) {
      report(name, { code: "wrong_type", expected: ["object"] });
    } else {
      result = check((next, rule) => {
        field = next;
        const value = (source as Record<string, unknown>)[next];
        report(next, rule?.(value));
        return value;
      }, report);
    }
  } catch (error) {
    report(field, { code: "threw", reason: reasonOf(error) });
  }
  if (problems.length) throw new TrackfinityValidationError(problems);
  return result as T;
}

/** What a thrown value says; it may be anything, a revoked Proxy included, whose message throws too. */
function reasonOf(error: unknown): string {
  try {
    return String((error as Error).message ?? error);
  } catch {
    return "it threw";
  }
}
