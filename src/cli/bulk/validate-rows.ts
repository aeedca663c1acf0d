import { TrackfinityValidationError, type ValidationIssue } from "../../index.js";
import { checkParams, type Lookup } from "../check-params.js";
import { CliUsageError } from "../errors.js";
import type { RowEvent } from "./input-rows.js";
import { lookupKey, type ResumeIndex } from "./resume-index.js";
import { paramsFromRecord } from "./row-params.js";

/** What the validation pass found. */
export interface ValidationSummary {
  /** Rows read (valid or not). */
  rows: number;
  invalid: number;
  /** Valid rows the resumed report already marks ok: they will not be sent. */
  alreadyOk: number;
  /** Valid rows to send. */
  toSend: number;
}

/** A row ready to send, or the issues that make it invalid. */
export type CheckedRow =
  | { line: number; params: Record<string, unknown>; lookup: Lookup; issues?: undefined }
  | { line: number; issues: ValidationIssue[]; params?: undefined };

/** Checks one input row with the client's validation; never throws for bad data. */
export function checkRow(row: RowEvent, removeToken: string | undefined): CheckedRow {
  if (row.problem !== undefined) return { line: row.line, issues: [{ field: "row", message: row.problem }] };
  const raw = paramsFromRecord(row.record, removeToken);
  try {
    const { params, lookup } = checkParams(raw, { kind: "rows", removeToken });
    return { line: row.line, params, lookup };
  } catch (error) {
    if (error instanceof TrackfinityValidationError) return { line: row.line, issues: error.issues };
    throw error;
  }
}

/**
 * The first pass: reads the whole file, checks every row and reports each bad one through `onInvalid`,
 * sending nothing. With a resume index, also proves the report belongs to this file.
 */
export async function validateRows(
  rows: AsyncIterable<RowEvent>,
  removeToken: string | undefined,
  resume: ResumeIndex | undefined,
  onInvalid: (line: number, issues: ValidationIssue[]) => void,
  signal: AbortSignal,
): Promise<ValidationSummary> {
  const summary: ValidationSummary = { rows: 0, invalid: 0, alreadyOk: 0, toSend: 0 };
  let mismatch: number | undefined;
  for await (const row of rows) {
    signal.throwIfAborted();
    summary.rows++;
    const checked = checkRow(row, removeToken);
    if (checked.issues) {
      summary.invalid++;
      onInvalid(checked.line, checked.issues);
      continue;
    }
    if (resume?.isOk(checked.line)) {
      summary.alreadyOk++;
      if (!resume.sameLookup(checked.line, lookupKey(checked.lookup.field, checked.lookup.id))) {
        mismatch ??= checked.line;
      }
    } else {
      summary.toSend++;
    }
  }
  if (resume && (mismatch !== undefined || summary.alreadyOk !== resume.size)) {
    throw new CliUsageError(
      mismatch !== undefined
        ? `The report names another customer at line ${mismatch} than the input file does: it belongs to another file, or the file was edited. Start a new report with --report.`
        : `The report marks ${resume.size} lines ok, but only ${summary.alreadyOk} of them are valid rows of the input file: it belongs to another file. Start a new report with --report.`,
    );
  }
  return summary;
}
