import { DETAIL_FIELDS, LOOKUP_FIELDS, NOT_REMOVABLE_FIELDS, REMOVE_TOKEN } from "../generated/fields.js";
import type { ValidationIssue } from "../index.js";
import { flagForField } from "./definition.js";

const NOT_REMOVABLE: readonly string[] = NOT_REMOVABLE_FIELDS;
const FIELD_NAMES = new RegExp(`\\b(${[...LOOKUP_FIELDS, ...DETAIL_FIELDS].join("|")})\\b`, "g");

/** How the values reached the CLI: as flags of one update, or as rows of a file. */
export type IssueSource = { kind: "flags" } | { kind: "rows"; removeToken: string | undefined };

function removeLiteralMessage(field: string, source: IssueSource): string {
  if (source.kind === "flags") {
    return `the value "${REMOVE_TOKEN}" would delete this field on the server; to remove it, use --remove ${field}`;
  }
  return source.removeToken === undefined
    ? `the value "${REMOVE_TOKEN}" would delete this field on the server; to remove fields from a file, pass --remove-token TOKEN and write TOKEN in the cell`
    : `the value "${REMOVE_TOKEN}" would delete this field on the server; to remove it, write ${source.removeToken}`;
}

/**
 * Rewords the client's parameter problems for a CLI user: flags instead of property names, and
 * the CLI's way to remove a field instead of the library's `REMOVE` constant.
 */
export function rewordParamIssues(
  issues: readonly ValidationIssue[],
  raw: Readonly<Record<string, unknown>>,
  source: IssueSource,
): ValidationIssue[] {
  return issues.map((issue) => {
    const removable = !NOT_REMOVABLE.includes(issue.field);
    let message = issue.message;
    if (raw[issue.field] === REMOVE_TOKEN && removable) message = removeLiteralMessage(issue.field, source);
    else if (issue.field === "details") {
      message =
        source.kind === "flags"
          ? "set at least one field (e.g. --firstname TEXT) or remove one with --remove FIELD"
          : "the row sets no field; fill at least one field column (an empty cell leaves a field as it is)";
    }
    if (source.kind === "rows") return { field: issue.field === "details" ? "fields" : issue.field, message };
    const field =
      issue.field === "details" ? "fields" : issue.field.replace(FIELD_NAMES, (f) => `--${flagForField(f)}`);
    return { field, message };
  });
}
