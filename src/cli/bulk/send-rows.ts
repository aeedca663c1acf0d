import { SECRET_FIELDS } from "../../generated/operation-data.js";
import { type ParamsOperationId, type TrackfinityClient, TrackfinityError } from "../../index.js";
import { describeError } from "../error-text.js";
import { InterruptedError } from "../errors.js";
import type { Lookup } from "../params.js";
import { callOperation } from "../settings.js";
import { checkRow } from "./check-row.js";
import type { RowEvent } from "./input-rows.js";
import { RecordOrder, type RowOutcome } from "./record-order.js";
import { lookupKey, type ReportEntry, type ResumeIndex } from "./report.js";

/** How the send pass ended. */
export interface SendResult {
  /** Set when the run stopped early because every further row would fail the same way. */
  stoppedBy: Error | undefined;
  /** Rows whose outcome is unknown because a second Ctrl-C abandoned them; they are not in the report. */
  abandoned: number;
}

/** What the send pass needs. */
export interface SendOptions {
  operation: ParamsOperationId;
  rows: AsyncIterable<RowEvent>;
  client: TrackfinityClient;
  concurrency: number;
  removeToken: string | undefined;
  resume: ResumeIndex | undefined;
  /** Stops taking new rows; in-flight rows finish. */
  stop: AbortSignal;
  /** Abandons in-flight rows. */
  abort: AbortSignal;
  /** Called once per finished row, in the order rows finish; `secrets` are the row's secret values. */
  onResult(entry: ReportEntry, about: { secrets: string[]; error: unknown }): void;
}

const lookupOf = (lookup: Lookup) => ({ [lookup.field]: lookup.id });

/** Why a row was not sent: its record's row before it failed. */
const heldBack = (lookup: Lookup) =>
  `not sent: an earlier row of ${lookup.field} ${lookup.id} failed, and the rows of one record are sent in file order; --resume sends them again, in order`;

/**
 * The second pass: streams the file again and sends each row not yet ok, with at most
 * `concurrency` in flight (a row waiting for its record's row before it counts), in file order
 * within each record ({@link RecordOrder}). Reading waits while the pool is full, so memory stays
 * flat. A `misconfigured` failure (credentials, base URL) stops the run: every further row would
 * fail alike.
 */
export async function sendRows(options: SendOptions): Promise<SendResult> {
  const { operation, client, concurrency, removeToken, resume, stop, abort, onResult } = options;
  const inFlight = new Set<Promise<unknown>>();
  const order = new RecordOrder();
  const result: SendResult = { stoppedBy: undefined, abandoned: 0 };
  const stopHere = new AbortController();
  const stopped = () => stop.aborted || stopHere.signal.aborted;

  async function send(
    line: number,
    params: Record<string, unknown>,
    lookup: Lookup,
    row: string,
    secrets: string[],
    previous: Promise<RowOutcome> | RowOutcome,
  ): Promise<RowOutcome> {
    const outcome = { line, ...lookupOf(lookup), row };
    const before = await previous;
    if (stopped()) return "not sent";
    if (before === "failed") {
      onResult(
        { ...outcome, ok: false, error: "EarlierRowFailed", message: heldBack(lookup) },
        { secrets, error: undefined },
      );
      return "failed";
    }
    try {
      // The first Ctrl-C (stop) ends a row's wait for the server; a request in flight still finishes.
      const answer = await callOperation(client, operation, params, { signal: abort, stopSignal: stop });
      // What Trackfinity said beyond "done" (a transaction's message) is kept; `true` says nothing more.
      const said = answer === true || answer === undefined ? {} : { answer };
      onResult({ ...outcome, ok: true, ...said }, { secrets, error: undefined });
      return "ok";
    } catch (error) {
      // A stop (Ctrl-C, results that can't be written) ends a row's wait with the stop's reason, and a
      // second Ctrl-C abandons it in flight with an InterruptedError: its outcome is unknown, so it
      // stays out of the report.
      if (error instanceof InterruptedError || (stop.aborted && error === stop.reason)) {
        result.abandoned++;
        return "not sent";
      }
      const { error: name, status, message, reason } = describeError(error, false);
      const details = {
        ...(status === undefined ? {} : { status }),
        ...(reason === undefined ? {} : { reason }),
      };
      onResult({ ...outcome, ok: false, error: name, ...details, message }, { secrets, error });
      if (error instanceof TrackfinityError && error.kind === "misconfigured" && !result.stoppedBy) {
        result.stoppedBy = error;
        stopHere.abort();
      }
      return "failed";
    }
  }

  for await (const event of options.rows) {
    if (stopped()) break;
    const checked = checkRow(operation, event, removeToken);
    if (checked.issues) {
      // Only if the file changed after the validation pass; reported, never sent.
      onResult(
        {
          line: checked.line,
          ok: false,
          error: "TrackfinityValidationError",
          message: checked.issues.map((i) => `${i.field}: ${i.message}`).join("; "),
        },
        { secrets: [], error: undefined },
      );
      continue;
    }
    if (resume?.isOk(checked.line)) continue;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (stopped()) break;
    const secrets = SECRET_FIELDS[operation]
      .map((field) => checked.params[field])
      .filter((value): value is string => typeof value === "string");
    const key = lookupKey(checked.lookup.field, checked.lookup.id);
    const outcome = send(
      checked.line,
      checked.params,
      checked.lookup,
      checked.row,
      secrets,
      order.previous(key),
    );
    order.track(key, outcome);
    const task = outcome.finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  return result;
}
