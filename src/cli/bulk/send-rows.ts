import {
  type SetCustomerDetailsParams,
  TrackfinityApiError,
  type TrackfinityClient,
  TrackfinityUnexpectedResponseError,
} from "../../index.js";
import type { Lookup } from "../check-params.js";
import { describeError } from "../describe-error.js";
import { InterruptedError } from "../errors.js";
import type { RowEvent } from "./input-rows.js";
import type { ReportEntry } from "./report-writer.js";
import type { ResumeIndex } from "./resume-index.js";
import { checkRow } from "./validate-rows.js";

/** How the send pass ended. */
export interface SendResult {
  /** Set when the run stopped early because every further row would fail the same way. */
  stoppedBy: Error | undefined;
  /** Rows whose outcome is unknown because a second Ctrl-C abandoned them; they are not in the report. */
  abandoned: number;
}

/** Errors that say the configuration is wrong (credentials, base URL), not the row. */
function failsEveryRow(error: unknown): boolean {
  return (
    (error instanceof TrackfinityApiError &&
      (error.status < 400 || [401, 403, 405].includes(error.status))) ||
    error instanceof TrackfinityUnexpectedResponseError
  );
}

/** What the send pass needs. */
export interface SendOptions {
  rows: AsyncIterable<RowEvent>;
  client: TrackfinityClient;
  concurrency: number;
  removeToken: string | undefined;
  resume: ResumeIndex | undefined;
  /** Stops taking new rows; in-flight rows finish. */
  stop: AbortSignal;
  /** Abandons in-flight rows. */
  abort: AbortSignal;
  /** Called once per finished row, in the order rows finish. */
  onResult(entry: ReportEntry, about: { password: string | undefined; error: unknown }): void;
}

const lookupOf = (lookup: Lookup) => ({ [lookup.field]: lookup.id });

/**
 * The second pass: streams the file again and sends each row not yet ok, with at most
 * `concurrency` in flight. Reading waits while the pool is full, so memory stays flat.
 */
export async function sendRows(options: SendOptions): Promise<SendResult> {
  const { client, concurrency, removeToken, resume, stop, abort, onResult } = options;
  const inFlight = new Set<Promise<void>>();
  const result: SendResult = { stoppedBy: undefined, abandoned: 0 };
  const stopHere = new AbortController();
  const stopped = () => stop.aborted || stopHere.signal.aborted;

  async function send(line: number, params: Record<string, unknown>, lookup: Lookup): Promise<void> {
    const password = typeof params.password === "string" ? params.password : undefined;
    try {
      await client.setCustomerDetails(params as SetCustomerDetailsParams, { signal: abort });
      onResult({ line, ...lookupOf(lookup), ok: true }, { password, error: undefined });
    } catch (error) {
      // A second Ctrl-C aborts the calls in flight: they reject with the signal's InterruptedError.
      if (error instanceof InterruptedError) {
        result.abandoned++;
        return;
      }
      const { error: name, status, message } = describeError(error, false);
      onResult(
        {
          line,
          ...lookupOf(lookup),
          ok: false,
          error: name,
          ...(status === undefined ? {} : { status }),
          message,
        },
        { password, error },
      );
      if (failsEveryRow(error) && !result.stoppedBy) {
        result.stoppedBy = error as Error;
        stopHere.abort();
      }
    }
  }

  for await (const row of options.rows) {
    if (stopped()) break;
    const checked = checkRow(row, removeToken);
    if (checked.issues) {
      // Only if the file changed after the validation pass; reported, never sent.
      onResult(
        {
          line: checked.line,
          ok: false,
          error: "TrackfinityValidationError",
          message: checked.issues.map((i) => `${i.field}: ${i.message}`).join("; "),
        },
        { password: undefined, error: undefined },
      );
      continue;
    }
    if (resume?.isOk(checked.line)) continue;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (stopped()) break;
    const task: Promise<void> = send(checked.line, checked.params, checked.lookup).finally(() =>
      inFlight.delete(task),
    );
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  return result;
}
