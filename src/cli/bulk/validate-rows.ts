import type { ParamsOperationId } from "../../index.js";
import type { InputIssue } from "../issue-text.js";
import { checkRow } from "./check-row.js";
import type { RowEvent } from "./input-rows.js";
import { RecordKeys } from "./record-keys.js";
import { lookupKey, type ResumeIndex } from "./report.js";
import { ResumeCheck } from "./resume-check.js";

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
  /** Rows to send whose record an earlier row to send names; counted only when asked. */
  repeats: number | undefined;
}

/** What the validation pass is given besides the rows. */
export interface ValidationOptions {
  removeToken: string | undefined;
  /** The report resumed: the pass proves it belongs to this file. */
  resume: ResumeIndex | undefined;
  /** Counts the rows whose record an earlier row names (a dry run): keeps 10 to 20 bytes per record. */
  countRepeats: boolean;
  onInvalid(line: number, issues: readonly InputIssue[]): void;
  signal: AbortSignal;
}

/**
 * The first pass: reads the whole file, checks every row and reports each bad one through `onInvalid`,
 * sending nothing. With a resume index, also proves that the report belongs to this file and that
 * no row it marks ok was edited since.
 */
export async function validateRows(
  id: ParamsOperationId,
  rows: AsyncIterable<RowEvent>,
  { removeToken, resume, countRepeats, onInvalid, signal }: ValidationOptions,
): Promise<ValidationSummary> {
  const summary: ValidationSummary = {
    rows: 0,
    invalid: 0,
    fileProblem: undefined,
    alreadyOk: 0,
    toSend: 0,
    repeats: undefined,
  };
  const records = countRepeats ? new RecordKeys() : undefined;
  let repeats = 0;
  const check = resume && new ResumeCheck(id, resume, removeToken);
  for await (const row of rows) {
    signal.throwIfAborted();
    if (row.problem !== undefined && row.fatal) {
      summary.fileProblem = `line ${row.line}: ${row.problem}`;
      break;
    }
    const rows = (row.problem !== undefined && row.lines) || 1;
    summary.rows += rows;
    const checked = checkRow(id, row, removeToken);
    const markedOk = resume?.isOk(row.line) === true;
    if (checked.issues) {
      summary.invalid += rows;
      onInvalid(checked.line, checked.issues);
      if (markedOk) check?.misfit(row);
      continue;
    }
    const key = lookupKey(checked.lookup.field, checked.lookup.id);
    if (!markedOk) {
      summary.toSend++;
      if (records?.add(key) === false) repeats++;
    } else if (resume?.sameRow(checked.line, checked.row, key)) {
      summary.alreadyOk++;
    } else {
      check?.misfit(row);
    }
  }
  if (records) summary.repeats = repeats;
  const mismatch = summary.fileProblem ? undefined : check?.error(summary.alreadyOk);
  if (mismatch) throw mismatch;
  return summary;
}
