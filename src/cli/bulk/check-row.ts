import { SECRET_FIELDS } from "../../generated/operation-data.js";
import type { ParamsOperationId } from "../../index.js";
import { InvalidInputError } from "../errors.js";
import type { InputIssue } from "../issue-text.js";
import { checkParams, type Lookup, paramsFromRecord } from "../params.js";
import type { RowEvent } from "./input-rows.js";
import { fingerprint } from "./report.js";

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
