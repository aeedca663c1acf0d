/**
 * The rule an input broke, as data: a stable `code` and what that rule needs to be explained.
 * {@link TrackfinityValidationError} writes its English from it; a caller can write its own words
 * from the same data (a form, a command line naming its flags), and a new wording of the library's
 * messages never changes them.
 *
 * Params (an operation's fields):
 * - `unknown_field`: not a field of the operation; `known` lists the fields it has.
 * - `lookup_count`: exactly one of `lookups` names the record; `given` says how many were passed (0 or more than 1).
 * - `too_few_details`: at least `min` of `details` must be set (or removed).
 * - `not_removable`: the field can be set but never removed, so `REMOVE` is refused.
 * - `literal_remove`: the plain string `token` would delete the field on the server; pass the `REMOVE` constant.
 * - `number_for_text`: a text field got the number `value`; pass it as a string (a zip would lose its leading zero).
 * - `not_an_id`: a lookup id given as a number must be a whole number from 0 up.
 * - `empty`: a lookup id is the empty string.
 * - `lone_surrogate`: the text has a lone UTF-16 surrogate, which URL encoding would silently change.
 * - `unknown_operation`: `validateParams` got an operation id that takes no params; `known` lists those that do.
 * - `remove_as_lookup`: a lookup id is the text `token` that removes fields: almost surely a mistake.
 * - `required`: the field is required and was not passed.
 * - `filled_by_client`: the client sends this field itself (always `value`); leave it out.
 * - `not_one_of`: the value is none of `allowed`.
 * - `forbidden_value`: the vendor reserves `value` (and PHP reads other spellings of a number as it).
 * - `not_whole`: a whole number is needed (e.g. cents), not `value`.
 * - `not_finite`: a number must be finite (not `NaN` or `Infinity`).
 * - `unknown_item`: a list holds `item`, which is none of `known`.
 * - `repeated_item`: a list holds `item` more than once.
 * - `needs`: given this field (with the `value`, when the rule is about a value), `fields` must be given too.
 * - `excludes`: given this field (with the `value`, when the rule is about a value), `fields` must be left out.
 *
 * Options (client and per-call):
 * - `missing`: not set; pass it, or set the environment variable `env`.
 * - `not_printable`: a header value (`apiKey`, `apiUsername`) must be printable ASCII, without CR/LF or edge spaces.
 * - `in_browser`: a client in a browser would expose the admin key; `dangerouslyAllowBrowser` allows it.
 * - `not_absolute_url`, `wrong_scheme` (not https: or http:), `has_userinfo`, `has_query`: `baseUrl` is unusable.
 * - `insecure_http`: an `http:` baseUrl on a non-loopback host sends the key in clear; `allowInsecureHttp` allows it.
 * - `option_type`: the option is not of the JavaScript type `type`.
 * - `out_of_range`: a number option must be a number (a whole one, if `whole`) from `min` to `max`.
 * - `logger_methods`: the logger's `debug` and `warn` must be functions.
 *
 * Either:
 * - `wrong_type`: the value is none of `expected` (e.g. `["string", "number"]`, `["object"]`, `["AbortSignal"]`).
 * - `threw`: reading the field threw (a getter, a Proxy); `reason` is what it threw.
 */
export type ValidationRule =
  | { code: "unknown_field"; known: readonly string[] }
  | { code: "lookup_count"; lookups: readonly string[]; given: number }
  | { code: "too_few_details"; min: number; details: readonly string[] }
  | { code: "not_removable" }
  | { code: "literal_remove"; token: string }
  | { code: "number_for_text"; value: number }
  | { code: "not_an_id" }
  | { code: "empty" }
  | { code: "lone_surrogate" }
  | { code: "unknown_operation"; known: readonly string[] }
  | { code: "remove_as_lookup"; token: string }
  | { code: "required" }
  | { code: "filled_by_client"; value: string }
  | { code: "not_one_of"; allowed: ReadonlyArray<string | number> }
  | { code: "forbidden_value"; value: string }
  | { code: "not_whole"; value: number }
  | { code: "not_finite" }
  | { code: "unknown_item"; item: string; known: readonly string[] }
  | { code: "repeated_item"; item: string }
  | { code: "needs"; value: unknown; fields: readonly string[] }
  | { code: "excludes"; value: unknown; fields: readonly string[] }
  | { code: "missing"; env: string }
  | { code: "not_printable" }
  | { code: "in_browser" }
  | { code: "not_absolute_url" }
  | { code: "wrong_scheme" }
  | { code: "has_userinfo" }
  | { code: "has_query" }
  | { code: "insecure_http" }
  | { code: "option_type"; type: string }
  | { code: "out_of_range"; min: number; max: number; whole: boolean }
  | { code: "logger_methods" }
  | { code: "wrong_type"; expected: readonly string[] }
  | { code: "threw"; reason: string };

/**
 * One problem with the input: the parameter or option at fault (`field`, as the matching
 * {@link ValidationIssue} names it, e.g. `firstname`, `customer_id or subscription_id`, `baseUrl`)
 * and the rule it broke, with that rule's data.
 *
 * @example
 * if (problem.code === "unknown_field") console.log(`${problem.field}? Try one of ${problem.known.join(", ")}`);
 */
export type ValidationProblem = { field: string } & ValidationRule;

/** "a string or number", "an object". */
const withArticle = (names: readonly string[]) => {
  const text = names.join(" or ");
  return `${/^[aeiou]/i.test(text) ? "an" : "a"} ${text}`;
};

/** "with 8, " when a rule between fields is about the field's value. */
const withValue = (value: unknown) => (value === undefined ? "" : `with ${String(value)}, `);

/** What is wrong and how to fix it, in the library's words. */
export function describeProblem(problem: ValidationProblem): string {
  switch (problem.code) {
    case "unknown_field":
      return `unknown field; known fields: ${problem.known.join(", ")}`;
    case "lookup_count":
      return problem.given === 0 ? "missing" : "pass only one";
    case "too_few_details": {
      const count = problem.min === 1 ? "one" : String(problem.min);
      return `set or REMOVE at least ${count} of ${problem.details.join(", ")}`;
    }
    case "not_removable":
      return "can't be removed";
    case "literal_remove":
      return `"${problem.token}" would delete the field; use the REMOVE constant`;
    case "number_for_text":
      return `pass "${problem.value}" as a string`;
    case "not_an_id":
      return "must be a whole number >= 0, or a string";
    case "empty":
      return "is empty";
    case "lone_surrogate":
      return "has a lone UTF-16 surrogate";
    case "unknown_operation":
      return `expected one of ${problem.known.join(", ")}`;
    case "remove_as_lookup":
      return `"${problem.token}" is not an id: it removes fields`;
    case "required":
      return "missing";
    case "filled_by_client":
      return `leave it out: the client always sends ${problem.value}`;
    case "not_one_of":
      return `expected one of ${problem.allowed.join(", ")}`;
    case "forbidden_value":
      return `${problem.value} is reserved by Trackfinity`;
    case "not_whole":
      return `expected a whole number, not ${problem.value}`;
    case "not_finite":
      return "expected a finite number";
    case "unknown_item":
      return `unknown item ${problem.item}; known: ${problem.known.join(", ")}`;
    case "repeated_item":
      return `${problem.item} is listed twice`;
    case "needs":
      return `${withValue(problem.value)}needs ${problem.fields.join(" and ")} too`;
    case "excludes":
      return `${withValue(problem.value)}can't be given with ${problem.fields.join(" or ")}`;
    case "missing":
      return `missing; pass it, or set ${problem.env}`;
    case "not_printable":
      return "must be printable ASCII, no CR/LF or edge spaces";
    case "in_browser":
      return "refused in a browser, where it exposes the admin key";
    case "not_absolute_url":
      return "is not an absolute URL";
    case "wrong_scheme":
      return "must be https:";
    case "has_userinfo":
      return "must not contain user:password@";
    case "has_query":
      return "must not have a query or fragment";
    case "insecure_http":
      return "http: sends the key in clear; use https: or allowInsecureHttp";
    case "option_type":
      return `must be of type ${problem.type}`;
    case "out_of_range": {
      const max = problem.max === 2 ** 31 - 1 ? "2^31-1" : problem.max;
      return `expected a ${problem.whole ? "whole " : ""}number from ${problem.min} to ${max}`;
    }
    case "logger_methods":
      return "debug and warn must be functions";
    case "wrong_type":
      return `expected ${withArticle(problem.expected)}`;
    case "threw":
      return problem.reason;
  }
}
