import type { ParamsOperationId } from "../../index.js";
import { removableFields } from "../commands.js";
import { CliUsageError } from "../errors.js";
import { checkRow } from "./check-row.js";
import type { RowEvent } from "./input-rows.js";
import { lookupKey, type ResumeIndex } from "./report.js";

const tokenWords = (token: string | undefined) =>
  token === undefined ? "no --remove-token" : `--remove-token '${token}'`;

/**
 * The --remove-token under which the first run read this row as the report has it (same
 * fingerprint), when it is not this run's: no token, or one of the row's own removable values.
 */
function tokenThatFits(
  id: ParamsOperationId,
  row: RowEvent,
  removeToken: string | undefined,
  resume: ResumeIndex,
): { token: string | undefined } | undefined {
  const candidates = new Set<string | undefined>([undefined]);
  for (const field of removableFields(id)) {
    const value = row.record?.[field];
    if (typeof value === "string") candidates.add(value);
  }
  candidates.delete(removeToken);
  for (const token of candidates) {
    const checked = checkRow(id, row, token);
    if (checked.issues) continue;
    const { field, id: value } = checked.lookup;
    if (resume.sameRow(checked.line, checked.row, lookupKey(field, value))) return { token };
  }
  return undefined;
}

/** Rows whose reading is tried under other tokens, at most: a report of another file misfits every row. */
const MAX_TRIES = 100;

/**
 * Proves, row by row of the validation pass, that a report belongs to the file: every row it marks
 * ok must read as the row it sent. When rows don't, it looks for the --remove-token under which the
 * first run read them, so the error can name the setting that differs rather than blame the file.
 */
export class ResumeCheck {
  readonly #id: ParamsOperationId;
  readonly #resume: ResumeIndex;
  readonly #removeToken: string | undefined;
  #firstMisfit: number | undefined;
  #explained: { line: number; token: string | undefined } | undefined;
  #tries = 0;

  constructor(id: ParamsOperationId, resume: ResumeIndex, removeToken: string | undefined) {
    this.#id = id;
    this.#resume = resume;
    this.#removeToken = removeToken;
  }

  /** A row the report marks ok that this run reads otherwise: invalid now, or another row. */
  misfit(row: RowEvent): void {
    this.#firstMisfit ??= row.line;
    if (this.#explained || this.#tries >= MAX_TRIES) return;
    this.#tries++;
    const fits = tokenThatFits(this.#id, row, this.#removeToken, this.#resume);
    if (fits) this.#explained = { line: row.line, token: fits.token };
  }

  /** Why the report can't be resumed with this file, if it can't; `alreadyOk` rows it marks ok read alike. */
  error(alreadyOk: number): CliUsageError | undefined {
    const resume = this.#resume;
    if (this.#explained) {
      const { line, token } = this.#explained;
      return new CliUsageError(
        `The report marks line ${line} ok as sent with ${tokenWords(token)}, but this run has ${tokenWords(this.#removeToken)}. Run it again with ${tokenWords(token)}, as the first run.`,
      );
    }
    if (this.#firstMisfit !== undefined) {
      return new CliUsageError(
        `The report marks line ${this.#firstMisfit} ok, but that row of the input file is not the one it sent: the file was edited since, or the report belongs to another file. Restore the file, or start a new report with --report.`,
      );
    }
    if (alreadyOk === resume.size) return undefined;
    return new CliUsageError(
      `The report marks ${resume.size} lines ok, but only ${alreadyOk} of them are valid rows of the input file: it belongs to another file. Start a new report with --report.`,
    );
  }
}
