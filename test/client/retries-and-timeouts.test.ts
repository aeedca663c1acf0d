import { afterEach, describe, expect, it, vi } from "vitest";
import { TrackfinityApiError, TrackfinityConnectionError, TrackfinityTimeoutError } from "../../src/index.ts";
import { backoffDelay, parseRetryAfter } from "../../src/retry-policy.ts";
import { rejectionOf, serverAndClient } from "../support/client-for.ts";
import { answerTrue, type Responder } from "../support/recording-server.ts";

const params = { customer_id: 191, firstname: "Test" } as const;
const status =
  (code: number, headers: Record<string, string> = {}): Responder =>
  (_request, response) => {
    response.writeHead(code, headers).end(`status ${code}`);
  };
const resetConnection: Responder = (_request, response) => {
  response.socket?.destroy();
};
const hang: Responder = () => {};

describe("retries", () => {
  it.each([500, 502, 503, 504, 408, 429])("retries a %i and succeeds on the next attempt", async (code) => {
    const { server, client } = await serverAndClient([status(code), answerTrue]);
    await expect(client.setCustomerDetails(params)).resolves.toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toEqual(server.requests[0]?.body);
  });

  it("retries after a connection reset and succeeds", async () => {
    const { server, client } = await serverAndClient([resetConnection, answerTrue]);
    await expect(client.setCustomerDetails(params)).resolves.toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up after maxRetries and surfaces the last status", async () => {
    const { server, client } = await serverAndClient([status(502)], { maxRetries: 2 });
    const error = (await rejectionOf(client.setCustomerDetails(params))) as TrackfinityApiError;
    expect(error).toBeInstanceOf(TrackfinityApiError);
    expect(error.status).toBe(502);
    expect(server.requests).toHaveLength(3);
  });

  it("lets one call override maxRetries", async () => {
    const { server, client } = await serverAndClient([status(500)]);
    await rejectionOf(client.setCustomerDetails(params, { maxRetries: 0 }));
    expect(server.requests).toHaveLength(1);
  });

  it.each([400, 401, 404, 405, 409])("never retries a %i", async (code) => {
    const { server, client } = await serverAndClient([status(code), answerTrue]);
    await rejectionOf(client.setCustomerDetails(params));
    expect(server.requests).toHaveLength(1);
  });

  it("honours Retry-After: 1 on a 429 by waiting about a second", async () => {
    const { server, client } = await serverAndClient([status(429, { "retry-after": "1" }), answerTrue]);
    const started = performance.now();
    await expect(client.setCustomerDetails(params)).resolves.toBe(true);
    const waited = performance.now() - started;
    expect(server.requests).toHaveLength(2);
    // A lower bound only: the wait must not be cut short. (Timings are never asserted from above.)
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it("fails at once, with the asked wait on the error, when Retry-After exceeds maxRetryAfterMs", async () => {
    const { server, client } = await serverAndClient([status(429, { "retry-after": "3600" }), answerTrue]);
    const error = (await rejectionOf(client.setCustomerDetails(params))) as TrackfinityApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("reads Retry-After only as RFC 9110 writes it: digits, or an HTTP-date in any of its three forms", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("016", now)).toBe(16_000);
    // Delay-seconds, not the year 2001 that Date.parse reads in it.
    expect(parseRetryAfter("10", now)).toBe(10_000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thursday, 26-Nov-26 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu Nov 26 12:00:30 2026", now)).toBe(30_000);
    expect(parseRetryAfter("Sun Nov  6 08:49:37 1994", now)).toBe(0);
    // A two-digit year more than 50 years ahead is in the past (RFC 9110 §5.6.7).
    expect(parseRetryAfter("Friday, 26-Nov-77 12:00:30 GMT", now)).toBe(0);
  });

  it.each(["0x10", "0b1", "1e3", "16.5", "-5", "+16", " 16", "Infinity", "Nov 2026", "2026-11-26T12:00:30Z"])(
    "ignores a Retry-After of %j, which is neither delay-seconds nor an HTTP-date",
    (value) => {
      expect(parseRetryAfter(value, Date.parse("2026-11-26T12:00:00Z"))).toBeUndefined();
    },
  );

  it("backs off instead of waiting 16 s when a 429 says Retry-After: 0x10", async () => {
    const { server, client } = await serverAndClient([status(429, { "retry-after": "0x10" }), answerTrue], {
      maxRetryAfterMs: 5_000,
    });
    // Read as 16 s, the wait would exceed maxRetryAfterMs and fail at once, with one request sent.
    await expect(client.setCustomerDetails(params)).resolves.toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a connection refused and then reports it as a connection error", async () => {
    const { server, client } = await serverAndClient();
    await server.close();
    const error = await rejectionOf(client.setCustomerDetails(params, { maxRetries: 1 }));
    expect(error).toBeInstanceOf(TrackfinityConnectionError);
    expect((error as TrackfinityConnectionError).message).toMatch(
      /^Could not reach http:\/\/127\.0\.0\.1:\d+/,
    );
  });
});

describe("timeouts and cancellation", () => {
  it("abandons a hung server after timeoutMs and retries, then reports a timeout", async () => {
    const { server, client } = await serverAndClient([hang], { timeoutMs: 200, maxRetries: 1 });
    const error = await rejectionOf(client.setCustomerDetails(params));
    expect(error).toBeInstanceOf(TrackfinityTimeoutError);
    expect((error as TrackfinityTimeoutError).timeoutMs).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("times out a body that stops half way", async () => {
    const stall: Responder = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("tr");
    };
    const { client } = await serverAndClient([stall], { timeoutMs: 200, maxRetries: 0 });
    expect(await rejectionOf(client.setCustomerDetails(params))).toBeInstanceOf(TrackfinityTimeoutError);
  });

  it("rejects with the signal's reason when the caller aborts mid-request, without retrying", async () => {
    const { server, client } = await serverAndClient([hang]);
    const controller = new AbortController();
    const pending = client.setCustomerDetails(params, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    expect(await rejectionOf(pending)).toEqual(new Error("user cancelled"));
    expect(server.requests).toHaveLength(1);
  });

  it("rejects with the caller's reason whatever it is, null included", async () => {
    const { client } = await serverAndClient([hang]);
    const controller = new AbortController();
    const pending = client.setCustomerDetails(params, { signal: controller.signal });
    setTimeout(() => controller.abort(null), 50);
    expect(await rejectionOf(pending)).toBeNull();
  });

  it("rejects at once, sending nothing, when the signal is already aborted", async () => {
    const { server, client } = await serverAndClient();
    const error = await rejectionOf(client.setCustomerDetails(params, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe("AbortError");
    expect(server.requests).toHaveLength(0);
  });

  it("stops waiting between retries as soon as the caller aborts", async () => {
    const { server, client } = await serverAndClient([status(429, { "retry-after": "30" })]);
    const controller = new AbortController();
    const pending = client.setCustomerDetails(params, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await rejectionOf(pending)) as Error).toHaveProperty("name", "AbortError");
    expect(server.requests).toHaveLength(1);
  });

  it("never retries a 400, however many retries are left", async () => {
    const { client } = await serverAndClient([status(400)], { maxRetries: 5 });
    const error = await rejectionOf(client.setCustomerDetails(params));
    expect(error).toBeInstanceOf(TrackfinityApiError);
    expect((error as TrackfinityApiError).status).toBe(400);
  });
});

describe("backoff between retries", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("doubles from 500 ms and never waits more than 8 s, however many retries", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect([0, 1, 2, 3, 4].map(backoffDelay)).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    for (let retry = 5; retry < 40; retry++) expect(backoffDelay(retry)).toBe(8_000);
  });

  it("takes up to a quarter off each wait at random, so clients that failed together retry apart", () => {
    const random = vi.spyOn(Math, "random");
    random.mockReturnValue(0.999);
    expect(backoffDelay(0)).toBe(375);
    expect(backoffDelay(10)).toBe(6_002);
    random.mockReturnValue(0.5);
    expect(backoffDelay(2)).toBe(1_750);
  });
});
