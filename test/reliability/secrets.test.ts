import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  createTrackfinityClient,
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
  TrackfinityValidationError,
} from "../../src/index.ts";
import { inOrder } from "./fault-server.ts";
import { PARAMS, runAgainst, unhandled } from "./harness.ts";
import {
  API_USERNAME,
  expectNoSecret,
  keyFragmentIn,
  recordingLogger,
  SENTINEL_API_KEY,
  secretChecks,
} from "./secrets.ts";

afterAll(() => {
  expect(unhandled).toEqual([]);
  expect(secretChecks.texts).toBeGreaterThan(100);
});

describe.concurrent("a server that echoes the request headers into its answer", () => {
  it.for([
    { status: 302, errorClass: TrackfinityApiError },
    { status: 400, errorClass: TrackfinityApiError },
    { status: 401, errorClass: TrackfinityApiError },
    { status: 404, errorClass: TrackfinityApiError },
    { status: 429, errorClass: TrackfinityApiError },
    { status: 500, errorClass: TrackfinityApiError },
    { status: 200, errorClass: TrackfinityUnexpectedResponseError },
  ])("$status: the key is on no part of the $errorClass.name", async ({ status, errorClass }) => {
    // runAgainst also checks every rendering of the error and every log line.
    const run = await runAgainst(inOrder({ kind: "echo-headers", status }), {
      client: { maxRetries: 1, patienceMs: 0 },
    });
    expect(run.server.requests[0]?.headers["api-key"], "the server did receive (and echo) the key").toBe(
      SENTINEL_API_KEY,
    );
    expect(run.error).toBeInstanceOf(errorClass);
    const error = run.error as TrackfinityApiError | TrackfinityUnexpectedResponseError;
    expect(error.body, "the echo arrived, redacted").toContain("[redacted]");
    expect(error.headers.get("x-echo-api-key")).toBe("[redacted]");
    expect(error.headers.getSetCookie()).toEqual(["k=[redacted]", "session=[redacted]; HttpOnly"]);
    expect(error.headers.get("x-echo-api-username")).toBe(API_USERNAME);
    expectNoSecret(`echo ${status}`, error, error.body, error.message, ...error.headers.values());
  });

  it("a key cut in two by the 64 KiB read cap leaves no fragment of it on the error", async () => {
    const run = await runAgainst(inOrder({ kind: "echo-headers", status: 200, padTo: 64 * 1024 }));
    const error = run.error as TrackfinityUnexpectedResponseError;
    expect(error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    // The cap, less the longest form of the key (6 characters each, as \u00xx) and some.
    expect(error.body.length).toBeGreaterThan(64 * 1024 - 6 * SENTINEL_API_KEY.length - 64);
    expect(keyFragmentIn(error.body), "a prefix of the key (8+ characters) at the cut").toBeUndefined();
    expect(keyFragmentIn(inspect(error))).toBeUndefined();
  });
});

describe("the key stays out of everything else a caller can see", () => {
  it("the client object: inspect, JSON.stringify, String", () => {
    const client = createTrackfinityClient({
      baseUrl: "https://tracking.example.com/api",
      apiKey: SENTINEL_API_KEY,
      apiUsername: API_USERNAME,
    });
    expectNoSecret("client", client, inspect(client, { showHidden: true, depth: Number.POSITIVE_INFINITY }));
  });

  it.for([
    ["in the baseUrl's userinfo", { baseUrl: `https://admin:${SENTINEL_API_KEY}@tracking.example.com/api` }],
    ["in the baseUrl's query", { baseUrl: `https://tracking.example.com/api?api-key=${SENTINEL_API_KEY}` }],
    ["followed by CR/LF", { apiKey: `${SENTINEL_API_KEY}\r\nX-Injected: 1` }],
    ["with a trailing space", { apiKey: `${SENTINEL_API_KEY} ` }],
    ["with a non-ASCII letter", { apiKey: `${SENTINEL_API_KEY}é` }],
  ] as const)("a TrackfinityValidationError for a key %s does not repeat it", ([, options]) => {
    let thrown: unknown;
    try {
      createTrackfinityClient({
        baseUrl: "https://tracking.example.com/api",
        apiKey: SENTINEL_API_KEY,
        apiUsername: API_USERNAME,
        ...options,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TrackfinityValidationError);
    expectNoSecret("validation error", thrown);
  });

  it("an aborted call's error and its log lines", async () => {
    const { logger, lines } = recordingLogger();
    const client = createTrackfinityClient({
      baseUrl: "https://tracking.example.com/api",
      apiKey: SENTINEL_API_KEY,
      apiUsername: API_USERNAME,
      logger,
      fetch: (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
        ),
    });
    const controller = new AbortController();
    const call = client.setCustomerDetails(PARAMS, { signal: controller.signal });
    controller.abort(new Error("caller gave up"));
    const error = await call.catch((reason: unknown) => reason);
    expect(error).toEqual(new Error("caller gave up"));
    expect(lines.length).toBeGreaterThan(0);
    expectNoSecret("abort", error, ...lines.map((line) => line.message));
  });
});
