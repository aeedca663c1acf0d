// The library in Cloudflare Workers, under miniflare (workerd run locally): a Worker built from dist/
// with one client made at module scope, driven by real requests to a node:http server on 127.0.0.1.
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { describe, expect, it, onTestFinished } from "vitest";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.ts";

const WORKER = fileURLToPath(new URL("./workers/shared-client.worker.mjs", import.meta.url));

/**
 * Workers settle a promise that another request made in that request's context from this date on
 * (`handle_cross_request_promise_resolution`); the guide asks for it.
 */
const COMPATIBILITY_DATE = "2025-06-01";

/** What the Worker answers for one call: its answer, or the failure's name and status. */
interface Outcome {
  ok: boolean;
  answer?: unknown;
  error?: string;
  status?: number;
}

/** The Worker as a deploy bundles it: dist/index.js and openapi-fetch in one module. */
async function workerScript(): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [WORKER],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    write: false,
    logLevel: "silent",
  });
  return outputFiles[0]?.text ?? "";
}

/** Starts the Worker against `server`, with these client options; disposed when the test ends. */
async function startWorker(server: RecordingServer, options: Record<string, unknown>) {
  const worker = new Miniflare({
    modules: true,
    script: await workerScript(),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: {
      TRACKFINITY_BASE_URL: `${server.url}/api`,
      TRACKFINITY_API_KEY: "workers-key",
      TRACKFINITY_API_USERNAME: "tf_admin",
      CLIENT_OPTIONS: JSON.stringify(options),
    },
  });
  onTestFinished(() => worker.dispose());
  return {
    /** One request to the Worker, which makes one call with the shared client. */
    call: async () => (await (await worker.dispatchFetch("http://localhost/call")).json()) as Outcome,
    /** Waits until the shared client has `queued` calls waiting for their turn. */
    async untilQueued(queued: number): Promise<void> {
      for (;;) {
        const limiter = (await (await worker.dispatchFetch("http://localhost/limiter")).json()) as {
          queued: number;
        };
        if (limiter.queued >= queued) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** An answer of `status`, `true` for a 200. */
const answer =
  (status: number, headers: Record<string, string> = {}) =>
  (response: ServerResponse) =>
    void response
      .writeHead(status, { "content-type": "application/json", ...headers })
      .end(status === 200 ? "true" : '"no"');

/**
 * A server on 127.0.0.1 that answers request i with `answers[i]` (the last one answers the rest),
 * but the first only once the test calls `release`: by then the other calls are queued.
 */
async function scriptedServer(answers: Array<(response: ServerResponse) => void>) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = await startRecordingServer(async (_request, response, index) => {
    if (index === 0) await released;
    answers[Math.min(index, answers.length - 1)]?.(response);
  });
  onTestFinished(() => server.close());
  return { server, release };
}

/** Settles with `promise`, or fails naming what never happened once the test's own guard passes. */
function settles<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => {
      setTimeout(() => reject(new Error(`${what} never happened`)), 10_000).unref();
    }),
  ]);
}

describe("a client made at module scope in a Cloudflare Worker", () => {
  it("serves requests whose calls queue behind maxConcurrency, each answered in its own request", async () => {
    const { server, release } = await scriptedServer([answer(200)]);
    const worker = await startWorker(server, { maxConcurrency: 1 });

    const calls = [worker.call(), worker.call(), worker.call()];
    await worker.untilQueued(2);
    release();

    // Before the fix, the queued requests were cancelled: "the Worker's code had hung".
    expect(await settles(Promise.all(calls), "an answer to every request")).toEqual([
      { ok: true, answer: true },
      { ok: true, answer: true },
      { ok: true, answer: true },
    ]);
    expect(server.requests.map((request) => request.path)).toEqual(Array(3).fill("/api/customer/lock"));
  });

  it("ends the wait of a call behind a down install, though the request that set its timer has answered", async () => {
    // Two 503s in a row: the install is down, and the next attempt waits out the Retry-After.
    const unavailable = answer(503, { "retry-after": "1" });
    const { server, release } = await scriptedServer([unavailable, unavailable, answer(200)]);
    // Each call fails at once on its 503 and answers its request; the third waits for the probe.
    const worker = await startWorker(server, { maxConcurrency: 1, maxRetries: 0, patienceMs: 0 });

    const calls = [worker.call(), worker.call(), worker.call()];
    await worker.untilQueued(2);
    release();

    // The timer meant to end that wait was set by the request whose call met the second 503, and
    // ended with it. The Worker may take the requests in any order.
    const outcomes = await settles(Promise.all(calls), "the last request's turn");
    const failed = { ok: false, error: "TrackfinityApiError", status: 503 };
    expect(outcomes.filter((outcome) => outcome.ok)).toEqual([{ ok: true, answer: true }]);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([failed, failed]);
    expect(server.requests).toHaveLength(3);
  });
});
