import { setTimeout as delay } from "node:timers/promises";
import { expect } from "vitest";
import {
  type CallOptions,
  createTrackfinityClient,
  type SetCustomerDetailsParams,
  type TrackfinityClientOptions,
} from "../../src/index.ts";
import { type FaultServer, type Script, startFaultServer } from "./fault-server.ts";
import { API_USERNAME, expectNoSecret, recordingLogger, SENTINEL_API_KEY } from "./secrets.ts";

export const PARAMS: SetCustomerDetailsParams = { customer_id: 191, firstname: "Test", zip: "66666" };

/** How long nothing more may happen after a call settled: no request, no log line, no rejection. */
const QUIET_MS = 300;

/** Rejections nobody handled, anywhere in this test file's process. */
export const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

export type Outcome = { status: "fulfilled"; value: unknown } | { status: "rejected"; reason: unknown };

/** Awaits `call`; fails if it has not settled within `guardMs` (a hang guard, never a timing check). */
export async function settleWithin(call: Promise<unknown>, guardMs = 10_000): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the call did not settle within ${guardMs} ms`)), guardMs);
  });
  try {
    return await Promise.race([
      call.then(
        (value): Outcome => ({ status: "fulfilled", value }),
        (reason: unknown): Outcome => ({ status: "rejected", reason }),
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Run {
  outcome: Outcome;
  /** The rejection reason; `undefined` when the call resolved. */
  error: unknown;
  server: FaultServer;
  /** Attempts the server received. */
  attempts: number;
  /** Retries the client announced (its `warn` lines). */
  retries: number;
  logs: ReturnType<typeof recordingLogger>["lines"];
  /** The waits the client announced before each retry, in ms. */
  announcedWaits: number[];
}

export interface RunSetup {
  client?: Omit<TrackfinityClientOptions, "baseUrl" | "apiKey" | "apiUsername" | "logger">;
  call?: CallOptions;
}

/**
 * Runs one `setCustomerDetails` call against a fault server playing `script`, then checks the
 * promises every fault must keep: the call settles (hang guard), exactly once — nothing more
 * reaches the server or the log after it settled — no unhandled rejection, one `debug` line per
 * attempt, and the API key in no error rendering or log line. The server is closed afterwards.
 */
export async function runAgainst(script: Script, setup: RunSetup = {}): Promise<Run> {
  const server = await startFaultServer(script);
  const { logger, lines } = recordingLogger();
  try {
    const client = createTrackfinityClient({
      baseUrl: server.url,
      apiKey: SENTINEL_API_KEY,
      apiUsername: API_USERNAME,
      logger,
      ...setup.client,
    });
    const outcome = await settleWithin(client.setCustomerDetails(PARAMS, setup.call));
    const seen = { requests: server.requests.length, lines: lines.length, unhandled: unhandled.length };
    await delay(QUIET_MS);
    expect(
      { requests: server.requests.length, lines: lines.length, unhandled: unhandled.length },
      "nothing happens after the call settled",
    ).toEqual(seen);
    expect(unhandled, "no unhandled rejection").toEqual([]);

    const attempts = server.requests.length;
    const warns = lines.filter((line) => line.level === "warn");
    expect(
      lines.filter((line) => line.level === "debug"),
      "one debug line per attempt",
    ).toHaveLength(attempts);
    expectNoSecret(
      "error and log",
      outcome.status === "rejected" ? outcome.reason : undefined,
      ...lines.map((line) => line.message),
    );
    return {
      outcome,
      error: outcome.status === "rejected" ? outcome.reason : undefined,
      server,
      attempts,
      retries: warns.length,
      logs: lines,
      announcedWaits: warns.map((line) => Number(/ in (\d+) ms$/.exec(line.message)?.[1])),
    };
  } finally {
    await server.close();
  }
}
