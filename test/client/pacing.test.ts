import { createServer, type ServerResponse } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  createTrackfinityClient,
  TrackfinityApiError,
  type TrackfinityClientOptions,
  TrackfinityConnectionError,
} from "../../src/index.ts";
import { rejectionOf } from "../support/client-for.ts";
import { listenOnLoopback } from "../support/listen-on-loopback.ts";

/** How the server answers its n-th request (from 1), which came `at` ms after the first. */
type Script = (n: number, at: number, response: ServerResponse) => void;

/** Answers `true` after `holdMs`, as a server doing the work would. */
const ok = (response: ServerResponse, holdMs = 20) =>
  setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end("true"), holdMs);
/** Refuses at once, as an overloaded or closed server does. */
const refuse = (response: ServerResponse, status: 429 | 503, retryAfterS: number) =>
  response
    .writeHead(status, { "content-type": "application/json", "retry-after": String(retryAfterS) })
    .end('"no"');

/** A server on 127.0.0.1 that counts requests, the most open at once, and when each arrived. */
async function startPacedServer(script: Script) {
  const seen = { requests: 0, open: 0, maxOpen: 0, arrivals: [] as number[] };
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const n = ++seen.requests;
      seen.arrivals.push(Date.now());
      seen.maxOpen = Math.max(seen.maxOpen, ++seen.open);
      response.on("close", () => seen.open--);
      script(n, Date.now() - (seen.arrivals[0] as number), response);
    });
  });
  const listener = await listenOnLoopback(server);
  onTestFinished(() => listener.close());
  return { seen, url: listener.url };
}

const clientOf = (url: string, options: TrackfinityClientOptions) =>
  createTrackfinityClient({
    baseUrl: url,
    apiKey: "pacing-test-key-1234",
    apiUsername: "tf_admin",
    ...options,
  });

describe("one client paces every call and operation it makes", () => {
  it("never has more than maxConcurrency attempts in flight, across operations", async () => {
    const { seen, url } = await startPacedServer((_n, _at, response) => ok(response));
    const client = clientOf(url, { maxConcurrency: 3 });
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 2 ? client.ping() : client.lockCustomer({ customer_id: i }),
    );
    expect(client.limiter).toMatchObject({ limit: 3, maxConcurrency: 3, inFlight: 3, queued: 9 });
    await Promise.all(calls);
    expect([seen.requests, seen.maxOpen]).toEqual([12, 3]);
    expect(client.limiter).toMatchObject({ inFlight: 0, queued: 0, downSince: undefined });
  });

  it("starts attempts at least 1000 / maxRatePerSecond ms apart", async () => {
    const { seen, url } = await startPacedServer((_n, _at, response) => ok(response));
    const client = clientOf(url, { maxRatePerSecond: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => client.ping()));
    expect(seen.requests).toBe(8);
    // The 8th attempt may not start before 7 intervals of 50 ms (less a timer's 1 ms rounding).
    expect((seen.arrivals[7] as number) - started).toBeGreaterThanOrEqual(7 * 50 - 2);
    // Each answer takes 20 ms; unpaced, all 8 would be open together.
    expect(seen.maxOpen).toBe(1);
  });

  it("lowers its limit when the server answers 429, shows the wait it asked for, and fails no call", async () => {
    // Admits the first 4 requests; the 4 after them are refused once with Retry-After: 1.
    const { seen, url } = await startPacedServer((n, _at, response) =>
      n > 4 && n <= 8 ? refuse(response, 429, 1) : ok(response),
    );
    const client = clientOf(url, { maxConcurrency: 8 });
    const calls = Promise.all(Array.from({ length: 8 }, (_, i) => client.unlockCustomer({ customer_id: i })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [during, at] = [client.limiter, Date.now()];
    await expect(calls).resolves.toEqual(Array(8).fill(true));
    // Half the attempts in flight were refused: the limit drops to the number the server accepted.
    expect(during.limit).toBe(4);
    expect(during.waitingUntil).toBeGreaterThan(at);
    expect(seen.requests).toBe(12);
  });

  it("while the install is down, sends one probe at a time instead of one per waiting call", async () => {
    // 503 with Retry-After: 1 for the first 2.5 s, then up again.
    let duringOutage = 0;
    const { url } = await startPacedServer((_n, at, response) => {
      if (at >= 2_500) return ok(response);
      duringOutage++;
      refuse(response, 503, 1);
    });
    const client = clientOf(url, { maxConcurrency: 8 });
    const calls = Promise.all(Array.from({ length: 16 }, (_, i) => client.lockCustomer({ customer_id: i })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const down = client.limiter;
    await expect(calls).resolves.toEqual(Array(16).fill(true));
    expect(down).toMatchObject({ limit: 1, downSince: expect.any(Number), queued: 16 - 10 });
    // The 8 sent at once, 2 more sent before 4 refusals in a row said "down"; then a probe a second,
    // not the 16 calls retrying each second (about 40 requests).
    expect(duringOutage).toBeLessThanOrEqual(8 + 2 + 3);
    expect(client.limiter).toMatchObject({ limit: 8, downSince: undefined });
  }, 20_000);

  it("leaves no timer behind once the calls waiting behind a down install are aborted", async () => {
    const { url } = await startPacedServer((_n, _at, response) => refuse(response, 503, 30));
    // Timers that keep the process alive (unref'd ones, such as idle sockets', are not listed).
    const timers = () => process.getActiveResourcesInfo().filter((type) => type === "Timeout").length;
    const before = timers();
    const client = clientOf(url, { maxConcurrency: 2 });
    const stop = new AbortController();
    const calls = Array.from({ length: 6 }, (_, i) =>
      rejectionOf(client.lockCustomer({ customer_id: i }, { signal: stop.signal })),
    );
    while (!client.limiter.downSince) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.limiter.queued).toBe(4);
    stop.abort();
    await Promise.all(calls);
    expect(client.limiter).toMatchObject({ inFlight: 0, queued: 0 });
    // A timer left for the next probe would keep a process that is done alive for the 30 s Retry-After.
    expect(timers()).toBe(before);
  });

  it("fails the waiting calls once the install stays down past their patience, each with the 503 it met", async () => {
    const { seen, url } = await startPacedServer((_n, _at, response) => refuse(response, 503, 1));
    const client = clientOf(url, { maxConcurrency: 4, patienceMs: 2_500, maxRetries: 0 });
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => rejectionOf(client.lockCustomer({ customer_id: i }))),
    );
    // The first 4 at once, then one probe a second for the 2.5 s of patience, not 12 calls each trying.
    expect(seen.requests).toBeLessThanOrEqual(4 + 3);
    const sent = outcomes.filter((error) => error instanceof TrackfinityApiError);
    const neverSent = outcomes.filter((error) => error instanceof TrackfinityConnectionError);
    expect(sent.length + neverSent.length).toBe(12);
    expect(sent.every((error) => error.status === 503)).toBe(true);
    // A call that never got its turn says why: the install's last answer is its cause.
    expect(neverSent.length).toBeGreaterThanOrEqual(12 - seen.requests);
    for (const error of neverSent) {
      expect(error.cause).toBeInstanceOf(TrackfinityApiError);
      expect(error.kind).toBe("unavailable");
    }
  }, 20_000);
  it("fails a new call at once, without sending, once the install has been down for its whole patience", async () => {
    const { seen, url } = await startPacedServer((_n, _at, response) => refuse(response, 503, 1));
    const client = clientOf(url, { maxConcurrency: 4, patienceMs: 3_000, maxRetries: 0 });
    const early = Array.from({ length: 4 }, (_, i) => rejectionOf(client.lockCustomer({ customer_id: i })));
    await Promise.all(early);
    expect(client.limiter.downSince).toBeTypeOf("number");
    const before = seen.requests;
    const late = await Promise.all(
      Array.from({ length: 4 }, (_, i) => rejectionOf(client.lockCustomer({ customer_id: 10 + i }))),
    );
    // At most one probe (the install may be back), where waiting out 3 s of patience would send one a second.
    expect(seen.requests - before).toBeLessThanOrEqual(1);
    expect(late.filter((error) => error instanceof TrackfinityConnectionError).length).toBeGreaterThanOrEqual(
      3,
    );
  }, 20_000);
});
