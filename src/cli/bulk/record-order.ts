import { RecordKeys } from "./record-keys.js";

/** What became of a row, as the later rows of its record need to know. */
export type RowOutcome = "ok" | "failed" | "not sent";

/**
 * Keeps the rows of one record (those with the same lookup id, field and value: `customer_id=191`;
 * or the first required field for operations without one, see `checkParams`) in file order
 * in the send pass: a row is sent only once the record's row before it has succeeded, whatever
 * retries and pacing that row went through. After a failure the record's later rows are not sent,
 * so that `--resume`, which sends the failed row again, still sends them after it.
 */
export class RecordOrder {
  /** Each record's last row still being sent. */
  readonly #last = new Map<string, Promise<RowOutcome>>();
  /** Records with a row that failed: their later rows are held back. */
  readonly #failed = new RecordKeys();

  /** What became of the record's previous row, once known; `ok` when it has none. Ask in file order. */
  previous(key: string): Promise<RowOutcome> | RowOutcome {
    const last = this.#last.get(key);
    if (last) return last;
    return this.#failed.has(key) ? "failed" : "ok";
  }

  /** Makes a row, just started, its record's last. */
  track(key: string, outcome: Promise<RowOutcome>): void {
    this.#last.set(key, outcome);
    const settle = (settled: RowOutcome) => {
      if (settled === "failed") this.#failed.add(key);
      if (this.#last.get(key) === outcome) this.#last.delete(key);
    };
    // A row that throws is the send pass's to report; here it only stops being the record's last.
    outcome.then(settle, () => settle("not sent"));
  }
}
