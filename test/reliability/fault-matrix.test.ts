import { setTimeout as delay } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import {
  createTrackfinityClient,
  TrackfinityApiError,
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
  TrackfinityUnexpectedResponseError,
  TrackfinityValidationError,
} from "../../src/index.ts";
import { inOrder, refusedPort, reply, type Script, startFaultServer, TRUE } from "./fault-server.ts";
import { PARAMS, runAgainst, settleWithin, unhandled } from "./harness.ts";
import { API_USERNAME, expectNoSecret, recordingLogger, SENTINEL_API_KEY, secretChecks } from "./secrets.ts";

const ONE_RETRY = { client: { maxRetries: 1 } };
const MIB = 1024 * 1024;

afterAll(() => {
  expect(unhandled).toEqual([]);
  expect(secretChecks.texts).toBeGreaterThan(100);
});

describe.concurrent("the network fails", () => {
  it("connection refused: retried, then TrackfinityConnectionError after 1 + maxRetries attempts", async () => {
    const port = await refusedPort();
    const { logger, lines } = recordingLogger();
    const client = createTrackfinityClient({
      baseUrl: `http://127.0.0.1:${port}/api`,
      apiKey: SENTINEL_API_KEY,
      apiUsername: API_USERNAME,
      logger,
      maxRetries: 1,
    });
    const outcome = await settleWithin(client.setCustomerDetails(PARAMS));
    const settledLines = lines.length;
    await delay(300);
    expect(lines, "nothing logged after the call settled").toHaveLength(settledLines);
    expect(outcome.status).toBe("rejected");
    const error = outcome.status === "rejected" ? outcome.reason : undefined;
    expect(error).toBeInstanceOf(TrackfinityConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(lines.filter((line) => line.level === "debug")).toHaveLength(2);
    expect(lines.filter((line) => line.level === "warn")).toHaveLength(1);
    expectNoSecret("connection refused", error, ...lines.map((line) => line.message));
  });

  it("reset before the response: retried, then TrackfinityConnectionError", async () => {
    const run = await runAgainst(inOrder({ kind: "reset-before-response" }), ONE_RETRY);
    expect(run.error).toBeInstanceOf(TrackfinityConnectionError);
    expect([run.attempts, run.retries]).toEqual([2, 1]);
  });

  it("reset before the response once: the retry succeeds and the call resolves true", async () => {
    const run = await runAgainst(inOrder({ kind: "reset-before-response" }, TRUE), ONE_RETRY);
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect([run.attempts, run.retries]).toEqual([2, 1]);
  });

  it("reset mid-body: retried, then TrackfinityConnectionError", async () => {
    const run = await runAgainst(inOrder({ kind: "reset-mid-body" }), ONE_RETRY);
    expect(run.error).toBeInstanceOf(TrackfinityConnectionError);
    expect([run.attempts, run.retries]).toEqual([2, 1]);
  });

  it("hung after headers: each attempt is abandoned at timeoutMs, then TrackfinityTimeoutError", async () => {
    const run = await runAgainst(inOrder({ kind: "hang-after-headers" }), {
      client: { maxRetries: 1, timeoutMs: 300 },
    });
    expect(run.error).toBeInstanceOf(TrackfinityTimeoutError);
    expect((run.error as TrackfinityTimeoutError).timeoutMs).toBe(300);
    expect([run.attempts, run.retries]).toEqual([2, 1]);
  });

  it("slow trickle body past timeoutMs: the timeout covers the body; TrackfinityTimeoutError", async () => {
    const body = `${" ".repeat(36)}true`; // 40 bytes at one per 50 ms: 2 s per attempt
    const run = await runAgainst(inOrder({ kind: "trickle", body, everyMs: 50 }), {
      client: { maxRetries: 1, timeoutMs: 300 },
    });
    expect(run.error).toBeInstanceOf(TrackfinityTimeoutError);
    expect([run.attempts, run.retries]).toEqual([2, 1]);
    for (const request of run.server.requests) expect(request.bodyBytesSent).toBeLessThan(body.length);
  });

  it("slow trickle body within timeoutMs: resolves true", async () => {
    const run = await runAgainst(inOrder({ kind: "trickle", body: "true", everyMs: 40 }), {
      client: { timeoutMs: 5_000 },
    });
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect([run.attempts, run.retries]).toEqual([1, 0]);
  });
});

describe.concurrent("the server fails", () => {
  it("500, 502, 504 then success: retried three times, resolves true", async () => {
    const run = await runAgainst(inOrder(reply(500, "boom"), reply(502), reply(504), TRUE), {
      client: { maxRetries: 3 },
    });
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect([run.attempts, run.retries]).toEqual([4, 3]);
    expect(run.logs.filter((line) => line.level === "warn").map((line) => line.message)).toEqual([
      expect.stringMatching(/^trackfinity: TrackfinityApiError; retry 1 of 3 in \d+ ms$/),
      expect.stringMatching(/retry 2 of 3/),
      expect.stringMatching(/retry 3 of 3/),
    ]);
  });

  it("a 503 then success with maxRetries 0: a patient retry, which uses none of maxRetries", async () => {
    const run = await runAgainst(inOrder(reply(503), TRUE), { client: { maxRetries: 0 } });
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect([run.attempts, run.retries]).toEqual([2, 1]);
    expect(run.logs.filter((line) => line.level === "warn").map((line) => line.message)).toEqual([
      expect.stringMatching(
        /^trackfinity: TrackfinityApiError \(503\), patience left 120 s; retry in \d+ ms$/,
      ),
    ]);
  });

  it.for([500, 502, 503])(
    "%i with no retry and no patience left: TrackfinityApiError carrying the status",
    async (status) => {
      const run = await runAgainst(inOrder(reply(status, `status ${status}`)), {
        client: { maxRetries: 0, patienceMs: 0 },
      });
      expect(run.error).toBeInstanceOf(TrackfinityApiError);
      expect((run.error as TrackfinityApiError).status).toBe(status);
      expect((run.error as TrackfinityApiError).body).toBe(`status ${status}`);
      expect([run.attempts, run.retries]).toEqual([1, 0]);
    },
  );

  it("503 forever with no patience: 3 attempts with growing backoff (maxRetries 2), then TrackfinityApiError", async () => {
    const run = await runAgainst(inOrder(reply(503)), { client: { patienceMs: 0 } });
    expect(run.error).toBeInstanceOf(TrackfinityApiError);
    expect([run.attempts, run.retries]).toEqual([3, 2]);
    const [first, second] = run.announcedWaits;
    expect(first).toBeGreaterThanOrEqual(375); // 0.5 s minus up to 25% jitter
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(750);
    expect(second).toBeLessThanOrEqual(1_000);
  });

  it("503 forever with patienceMs 2000: keeps trying with growing backoff while the patience lasts, then fails", async () => {
    const run = await runAgainst(inOrder(reply(503)), { client: { patienceMs: 2_000, maxRetries: 0 } });
    expect(run.error).toBeInstanceOf(TrackfinityApiError);
    // Waits of about 0.5 s and 1 s fit in 2 s; the next one (about 2 s) would end past it.
    expect([run.attempts, run.retries]).toEqual([3, 2]);
    expect(run.announcedWaits.every((ms) => ms >= 375 && ms <= 1_000)).toBe(true);
  });

  /**
   * Answers 503 with `retryAfter()` once, then true; records how many requests had arrived
   * `checkAfterMs` after the first. Client and server share one event loop, and that check's
   * timer is armed as the first request arrives, so it fires before any wait longer than
   * `checkAfterMs` the client starts later: an ordering, not a timing.
   */
  function retryAfterOnce(retryAfter: () => string, checkAfterMs: number) {
    const seen: { requestsAtCheck?: number } = {};
    let arrived = 0;
    const script: Script = () => {
      arrived++;
      if (arrived > 1) return TRUE;
      setTimeout(() => {
        seen.requestsAtCheck = arrived;
      }, checkAfterMs);
      return reply(503, "", { "retry-after": retryAfter() });
    };
    return { script, seen };
  }

  it("503 with Retry-After: 1 (seconds): waits the asked second, then resolves true", async () => {
    const { script, seen } = retryAfterOnce(() => "1", 500);
    const run = await runAgainst(script, ONE_RETRY);
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect([run.attempts, run.retries]).toEqual([2, 1]);
    expect(run.announcedWaits).toEqual([1_000]);
    expect(seen.requestsAtCheck, "no second attempt half-way through the wait").toBe(1);
  });

  it("503 with Retry-After as an HTTP date: waits until that date, then resolves true", async () => {
    // Whole seconds: the date is 1–2 s after the answer.
    const { script, seen } = retryAfterOnce(() => new Date(Date.now() + 2_000).toUTCString(), 500);
    const run = await runAgainst(script, ONE_RETRY);
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect([run.attempts, run.retries]).toEqual([2, 1]);
    expect(run.announcedWaits[0]).toBeGreaterThan(0);
    expect(run.announcedWaits[0]).toBeLessThanOrEqual(2_000);
    expect(seen.requestsAtCheck, "no second attempt in the first 500 ms of the wait").toBe(1);
  });

  it.for([
    ["seconds", "120", 120_000],
    ["an HTTP date", "Fri, 01 Jan 2100 00:00:00 GMT", 2_000_000_000_000],
  ] as const)(
    "429 with Retry-After (%s) beyond maxRetryAfterMs: fails at once with TrackfinityApiError and retryAfterMs",
    async ([, header, atLeast]) => {
      const run = await runAgainst(inOrder(reply(429, "slow down", { "retry-after": header })), {
        client: { maxRetryAfterMs: 1_000 },
      });
      expect(run.error).toBeInstanceOf(TrackfinityApiError);
      const error = run.error as TrackfinityApiError;
      expect(error.status).toBe(429);
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(atLeast);
      expect([run.attempts, run.retries]).toEqual([1, 0]);
    },
  );

  it("429 with Retry-After: 0: retried at once, resolves true", async () => {
    const run = await runAgainst(inOrder(reply(429, "", { "retry-after": "0" }), TRUE), ONE_RETRY);
    expect(run.outcome).toEqual({ status: "fulfilled", value: true });
    expect(run.announcedWaits).toEqual([0]);
  });
});

describe.concurrent("the server answers 2xx without the JSON value true", () => {
  it.for([
    [
      "false",
      200,
      "false",
      "application/json",
      /, but expected the JSON value true\. Check that baseUrl is the install.s API root\.$/,
    ],
    [
      "HTML",
      200,
      "<!doctype html><title>Login</title>",
      "text/html",
      /, but expected the JSON value true\. Check that baseUrl is the install.s API root\.$/,
    ],
    [
      "truncated JSON",
      200,
      '{"result": tr',
      "application/json",
      /, but expected the JSON value true\. Check that baseUrl is the install.s API root\.$/,
    ],
    [
      "an empty body",
      200,
      "",
      "application/json",
      /, but expected the JSON value true\. Check that baseUrl is the install.s API root\.$/,
    ],
    [
      "204 No Content",
      204,
      "",
      "application/json",
      /, but expected the JSON value true\. Check that baseUrl is the install.s API root\.$/,
    ],
  ] as const)("%s: TrackfinityUnexpectedResponseError, not retried", async ([, status, body, type, why]) => {
    const run = await runAgainst(inOrder(reply(status, body, { "content-type": type })));
    expect(run.error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    const error = run.error as TrackfinityUnexpectedResponseError;
    expect(error.message).toMatch(why);
    expect([error.status, error.body]).toEqual([status, body]);
    expect([run.attempts, run.retries]).toEqual([1, 0]);
  });

  it("a 50 MB body: reads 64 KiB, cancels the rest, fails with TrackfinityUnexpectedResponseError", async () => {
    const run = await runAgainst(inOrder({ kind: "huge-body", status: 200, bytes: 50 * MIB }));
    expect(run.error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    const error = run.error as TrackfinityUnexpectedResponseError;
    expect(error.message).toMatch(/, not an answer over 64 KiB\. /);
    expectCappedBody(error.body);
    expect([run.attempts, run.retries]).toEqual([1, 0]);
    // The client stopped reading: the connection closed long before the server could send it all.
    expect(run.server.requests[0]?.bodyBytesSent).toBeLessThan(16 * MIB);
  });

  it("a 503 with a 50 MB body: TrackfinityApiError whose body is capped at 64 KiB", async () => {
    const run = await runAgainst(inOrder({ kind: "huge-body", status: 503, bytes: 50 * MIB }), {
      client: { maxRetries: 0, patienceMs: 0 },
    });
    expect(run.error).toBeInstanceOf(TrackfinityApiError);
    expectCappedBody((run.error as TrackfinityApiError).body);
    expect(run.server.requests[0]?.bodyBytesSent).toBeLessThan(16 * MIB);
  });
});

/** A capped body: the first 64 KiB, less at most a key's length (a key the cap may have cut is dropped). */
function expectCappedBody(body: string) {
  expect(body.length).toBeLessThanOrEqual(64 * 1024);
  // Less the longest form of the key (each character as \u00xx), cut so no part of an echo is kept.
  expect(body.length).toBeGreaterThanOrEqual(64 * 1024 - 6 * SENTINEL_API_KEY.length);
}

describe.concurrent("redirects are never followed", () => {
  it.for([301, 302, 303, 307, 308])(
    "%i to another origin: TrackfinityApiError; the other origin receives nothing",
    async (status) => {
      const other = await startFaultServer();
      try {
        const location = `${other.url}/customer/set_customer_details`;
        const run = await runAgainst(inOrder(reply(status, "moved", { location })));
        expect(run.error).toBeInstanceOf(TrackfinityApiError);
        const error = run.error as TrackfinityApiError;
        expect([error.status, error.headers.get("location")]).toEqual([status, location]);
        expect([run.attempts, run.retries]).toEqual([1, 0]);
        expect(run.server.requests[0]?.headers["api-key"]).toBe(SENTINEL_API_KEY);
        expect(other.requests, "the other origin received no request, so no credentials").toEqual([]);
      } finally {
        await other.close();
      }
    },
  );
});

describe("insecure URLs are refused before any connection", () => {
  it.for([
    "http://tracking.example.com/api",
    "http://10.0.0.1/api",
    "http://localhost.example.com/api",
    "http://127.0.0.1.example.com/api",
  ])("%s: TrackfinityValidationError at creation; fetch is never called", (baseUrl) => {
    let fetched = 0;
    const create = () =>
      createTrackfinityClient({
        baseUrl,
        apiKey: SENTINEL_API_KEY,
        apiUsername: API_USERNAME,
        fetch: async () => {
          fetched++;
          return new Response("true");
        },
      });
    expect(create).toThrow(TrackfinityValidationError);
    expect(create).toThrow(/baseUrl: http: sends the key in clear; use https: or allowInsecureHttp/);
    expect(fetched).toBe(0);
    try {
      create();
    } catch (error) {
      expectNoSecret(baseUrl, error);
    }
  });
});

describe("the caller's logger fails", () => {
  it("a logger that throws on every line changes neither the retries nor the outcome", async () => {
    const server = await startFaultServer(inOrder(reply(503), TRUE));
    const broken = () => {
      throw new Error("log stream closed");
    };
    try {
      const client = createTrackfinityClient({
        baseUrl: server.url,
        apiKey: SENTINEL_API_KEY,
        apiUsername: API_USERNAME,
        maxRetries: 1,
        logger: { debug: broken, warn: broken },
      });
      expect(await settleWithin(client.setCustomerDetails(PARAMS))).toEqual({
        status: "fulfilled",
        value: true,
      });
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
