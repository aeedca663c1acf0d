import { SECRET_FIELDS } from "../../generated/operation-data.js";
import type { ParamsOperationId } from "../../index.js";
import { CliUsageError, InvalidInputError } from "../errors.js";
import type { InputIssue } from "../issue-text.js";
import { checkParams, type Lookup, paramsFromRecord } from "../params.js";
import type { RowEvent } from "./input-rows.js";
import { fingerprint, lookupKey, type ResumeIndex } from "./report.js";

/** What the validation pass found. */
export interface ValidationSummary {
  /** Rows read (valid or not); a bad header is not a row. */
  rows: number;
  invalid: number;
  /** Why the whole file can't be read (a bad CSV header), when it can't. */
  fileProblem: string | undefined;
  /** Valid rows the resumed report already marks ok: they will not be sent. */
  alreadyOk: number;
  /** Valid rows to send. */
  toSend: number;
}

/** A row ready to send (with its lookup and fingerprint), or the issues that make it invalid. */
export type CheckedRow =
  | { line: number; params: Record<string, unknown>; lookup: Lookup; row: string; issues?: undefined }
  | { line: number; issues: readonly InputIssue[]; params?: undefined };

/** Checks one input row with the client's validation; never throws for bad data. */
export function checkRow(id: ParamsOperationId, row: RowEvent, removeToken: string | undefined): CheckedRow {
  if (row.problem !== undefined) return { line: row.line, issues: [{ field: "row", message: row.problem }] };
  const raw = paramsFromRecord(id, row.record, removeToken);
  try {
    const { params, lookup } = checkParams(id, raw, { kind: "rows", removeToken });
    return { line: row.line, params, lookup, row: fingerprint(raw, SECRET_FIELDS[id]) };
  } catch (error) {
    if (error instanceof InvalidInputError) return { line: row.line, issues: error.issues };
    throw error;
  }
}

/**
 * The first pass: reads the whole file, checks every row and reports each bad one through `onInvalid`,
 * sending nothing. With a resume index, also proves that the report belongs to this file and that
 * no row it marks ok was edited since.
 */
export async function validateRows(
  id: ParamsOperationId,
  rows: AsyncIterable<RowEvent>,
  removeToken: string | undefined,
  resume: ResumeIndex | undefined,
  onInvalid: (line: number, issues: readonly InputIssue[]) => void,
  signal: AbortSignal,
): Promise<ValidationSummary> {
  const summary: ValidationSummary = { rows: 0, invalid: 0, fileProblem: undefined, alreadyOk: 0, toSend: 0 };
  let changed: number | undefined;
  for await (const row of rows) {
    signal.throwIfAborted();
    if (row.problem !== undefined && row.fatal) {
      summary.fileProblem = `line ${row.line}: ${row.problem}`;
      break;
    }
    const rows = (row.problem !== undefined && row.lines) || 1;
    summary.rows += rows;
    const checked = checkRow(id, row, removeToken);
    if (checked.issues) {
      summary.invalid += rows;
      onInvalid(checked.line, checked.issues);
      continue;
    }
    if (resume?.isOk(checked.line)) {
      summary.alreadyOk++;
      const { field, id: value } = checked.lookup;
      if (!resume.sameRow(checked.line, checked.row, lookupKey(field, value))) changed ??= checked.line;
    } else {
      summary.toSend++;
    }
  }
  if (resume && !summary.fileProblem && (changed !== undefined || summary.alreadyOk !== resume.size)) {
    throw new CliUsageError(
      changed !== undefined
        ? `The report marks line ${changed} ok, but that row of the input file is not the one it sent: the file was edited since, or the report belongs to another file. Restore the file, or start a new report with --report.`
        : `The report marks ${resume.size} lines ok, but only ${summary.alreadyOk} of them are valid rows of the input file: it belongs to another file. Start a new report with --report.`,
    );
  }
  return summary;
}
