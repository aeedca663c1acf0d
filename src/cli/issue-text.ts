import type { ParamsOperationId, ValidationProblem } from "../index.js";
import { flagForField, removableFields } from "./commands.js";
import { fieldFlags } from "./field-flags.js";
import { flagForOption } from "./option-flags.js";
import { either } from "./words.js";

/** One problem with the input, in the CLI's words: the flag or column at fault, and what to do. */
export interface InputIssue {
  field: string;
  message: string;
}

/**
 * Where the values came from, which decides how an issue names them: client options (named as
 * flags), an operation's field flags, or the rows of a file (named as columns).
 */
export type InputSource =
  | { kind: "options" }
  | { kind: "flags"; operation: ParamsOperationId }
  | { kind: "rows"; removeToken: string | undefined };

/** A field or option as the user typed it: its flag (an object's key as its own flag), or (in a file) its column. */
function nameOf(field: string, source: InputSource): string {
  if (source.kind === "options") return flagForOption(field);
  if (source.kind === "rows") return field;
  const flag = fieldFlags(source.operation).find((f) => f.path === field);
  return flag ? `--${flag.flag}` : field;
}

/** "a string or number", "an object". */
function withArticle(names: readonly string[]): string {
  const text = names.join(" or ");
  return `${/^[aeiou]/i.test(text) ? "an" : "a"} ${text}`;
}

/** How to remove a field, when its value is the plain removal token. */
function literalRemoveText(field: string, token: string, source: InputSource): string {
  const what = `the value "${token}" would delete this field on the server; to remove it`;
  if (source.kind !== "rows") return `${what}, use --remove ${field}`;
  if (source.removeToken === undefined) {
    return `${what} from a file, pass --remove-token TOKEN and write TOKEN in the cell`;
  }
  return `${what}, write ${source.removeToken}`;
}

/** What to set when no field is, in the terms of flags or of a file's columns. */
function tooFewDetailsText(details: readonly string[], source: InputSource): string {
  if (source.kind === "rows") {
    return "the row sets no field; fill at least one field column (an empty cell leaves a field as it is)";
  }
  const removable = source.kind === "flags" && removableFields(source.operation).length > 0;
  const remove = removable ? " or remove one with --remove FIELD" : "";
  return `set at least one field (e.g. --${flagForField(details[0] ?? "")} TEXT)${remove}`;
}

/** What is wrong and how to fix it, from the rule the value broke. */
function issueMessage(problem: ValidationProblem, source: InputSource): string {
  switch (problem.code) {
    case "unknown_field":
      return `unknown field; known fields: ${problem.known.map((field) => nameOf(field, source)).join(", ")}`;
    case "lookup_count":
      return problem.given === 0 ? "missing" : "pass only one";
    case "too_few_details":
      return tooFewDetailsText(problem.details, source);
    case "not_removable":
      return "can't be removed";
    case "literal_remove":
      return literalRemoveText(problem.field, problem.token, source);
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
      return `http: sends the key in clear; use https: or ${flagForOption("allowInsecureHttp")}`;
    case "option_type":
      return `must be of type ${problem.type}`;
    case "out_of_range":
      return `expected a ${problem.whole ? "whole " : ""}number from ${problem.min} to ${problem.max}`;
    case "logger_methods":
      return "debug and warn must be functions";
    case "wrong_type":
      return `expected ${withArticle(problem.expected)}`;
    case "threw":
      return problem.reason;
    case "remove_as_lookup":
      return `"${problem.token}" is the word that removes fields, not an id; check the value`;
    case "required":
      return "missing";
    case "filled_by_client":
      return `leave it out: trackfinity always sends ${problem.value}`;
    case "not_one_of":
      return `expected one of ${problem.allowed.join(", ")}`;
    case "forbidden_value":
      return `${problem.value} is reserved by Trackfinity, and so is any number PHP reads as it (such as ${problem.value}.0)`;
    case "not_whole":
      return `expected a whole number, not ${problem.value}`;
    case "not_finite":
      return "expected a finite number";
    case "unknown_item":
      return `unknown name ${problem.item}; known: ${problem.known.join(", ")}`;
    case "repeated_item":
      return `${problem.item} is listed twice`;
    case "needs":
      return `${valuePrefix(problem.value)}needs ${problem.fields.map((name) => nameOf(name, source)).join(" and ")} too`;
    case "excludes":
      return `${valuePrefix(problem.value)}can't be given with ${problem.fields.map((name) => nameOf(name, source)).join(" or ")}`;
  }
}

/** "with 8, " when a rule between fields is about the value given. */
const valuePrefix = (value: unknown) => (value === undefined ? "" : `with ${String(value)}, `);

/**
 * A validation problem in the CLI's words, built from its data (never from the library's message):
 * flags or columns instead of property names, and the CLI's ways to remove a field.
 */
export function issueFor(problem: ValidationProblem, source: InputSource): InputIssue {
  let field = nameOf(problem.field, source);
  if (problem.code === "lookup_count") field = either(problem.lookups.map((name) => nameOf(name, source)));
  if (problem.code === "too_few_details") field = "fields";
  return { field, message: issueMessage(problem, source) };
}
