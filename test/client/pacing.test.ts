import { createServer, type ServerResponse } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { createClientOnClock, type TrackfinityClient } from "../../src/client.ts";
import {
  TrackfinityApiError,
  type TrackfinityClientOptions,
  TrackfinityConnectionError,
} from "../../src/index.ts";
import { rejectionOf } from "../support/client-for.ts";
import { listenOnLoopback } from "../support/listen-on-loopback.ts";
import { type ManualClock, manualClock } from "../support/manual-clock.ts";

// Every wait of the client (its turn, a Retry-After, a backoff, a timeout) is on a clock the test
// steps; the tests wait only for I/O, never for a timer to fire on time.

/** How the server answers its n-th request (from 1), which came `at` ms of the clock after the first. */
type Script = (n: number, at: number, response: ServerResponse) => void;

/** Answers `true`, as a server doing the work does. */
const ok = (response: ServerResponse) =>
  response.writeHead(200, { "content-type": "application/json" }).end("true");
/** Refuses at once, as an overloaded or closed server does. */
const refuse = (response: ServerResponse, status: 429 | 503, retryAfterS: number) =>
  response
    .writeHead(status, { "content-type": "application/json", "retry-after": String(retryAfterS) })
    .end('"no"');

/** A server on 127.0.0.1 that counts requests and the most open at once, with arrival times on `clock`. */
async function startPacedServer(clock: ManualClock, script: Script) {
  const seen = { requests: 0, open: 0, maxOpen: 0, first: 0 };
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const n = ++seen.requests;
      if (n === 1) seen.first = clock.now();
      seen.maxOpen = Math.max(seen.maxOpen, ++seen.open);
      response.on("close", () => seen.open--);
      script(n, clock.now() - seen.first, response);
    });
  });
  const listener = await listenOnLoopback(server);
  onTestFinished(() => listener.close());
  return { seen, url: listener.url };
}

const clientOf = (clock: ManualClock, url: string, options: TrackfinityClientOptions) =>
  createClientOnClock(
    { baseUrl: url, apiKey: "pacing-test-key-1234", apiUsername: "tf_admin", ...options },
    clock,
  );

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Waits, on I/O alone, until no attempt of `client` is in flight for a few turns of the event loop:
 * every call has then settled or waits on the clock.
 */
async function quiet(client: TrackfinityClient): Promise<void> {
  for (let calm = 0; calm < 3; ) {
    await turn();
    calm = client.limiter.inFlight === 0 ? calm + 1 : 0;
  }
}

/** Steps the clock by `stepMs` at each quiet moment until `done()`; fails after `maxSteps`. */
async function driveUntil(
  clock: ManualClock,
  client: TrackfinityClient,
  done: () => boolean,
  stepMs: number,
) {
  for (let step = 0; step < 1_000; step++) {
    await quiet(client);
    if (done()) return;
    clock.advance(stepMs);
  }
  throw new Error("the calls did not settle within 1,000 steps of the clock");
}

/** Settles every promise, tracking how many have. */
function tracked<T>(promises: Array<Promise<T>>) {
  let settled = 0;
  const all = Promise.all(promises.map((p) => p.finally(() => settled++)));
  return { all, done: () => settled === promises.length };
}

describe("one client paces every call and operation it makes", () => {
  it("never has more than maxConcurrency attempts in flight, across operations", async () => {
    const clock = manualClock();
    const { seen, url } = await startPacedServer(clock, (_n, _at, response) =>
      setTimeout(() => ok(response), 20),
    );
    const client = clientOf(clock, url, { maxConcurrency: 3 });
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 2 ? client.ping() : client.lockCustomer({ customer_id: i }),
    );
    expect(client.limiter).toMatchObject({ limit: 3, maxConcurrency: 3, inFlight: 3, queued: 9 });
    await Promise.all(calls);
    expect([seen.requests, seen.maxOpen]).toEqual([12, 3]);
    expect(client.limiter).toMatchObject({ inFlight: 0, queued: 0, downSince: undefined });
  });

  it("starts attempts at least 1000 / maxRatePerSecond ms apart", async () => {
    const clock = manualClock();
    const { seen, url } = await startPacedServer(clock, (_n, _at, response) => ok(response));
    const client = clientOf(clock, url, { maxRatePerSecond: 20 });
    const calls = Promise.all(Array.from({ length: 8 }, () => client.ping()));
    for (let sent = 1; sent <= 8; sent++) {
      await quiet(client);
      expect([seen.requests, client.limiter.queued]).toEqual([sent, 8 - sent]);
      // Not a millisecond before the next 50 ms interval.
      clock.advance(49);
      expect(client.limiter.queued).toBe(8 - sent);
      clock.advance(1);
    }
    await expect(calls).resolves.toEqual(Array(8).fill(true));
    expect(seen.maxOpen).toBe(1);
  });

  it("lowers its limit when the server answers 429, shows the wait it asked for, and fails no call", async () => {
    const clock = manualClock();
    // Refuses 4 of the first 8 requests with Retry-After: 1; holds the other 4 until the test lets them go.
    const held: ServerResponse[] = [];
    const { seen, url } = await startPacedServer(clock, (n, _at, response) => {
      if (n > 8) return ok(response);
      if (n % 2) return refuse(response, 429, 1);
      held.push(response);
    });
    // All 8 at once, as before latency was followed: latency's slower start is tested in latency.test.ts.
    const client = clientOf(clock, url, { maxConcurrency: 8, adaptToLatency: false });
    const calls = Promise.all(Array.from({ length: 8 }, (_, i) => client.unlockCustomer({ customer_id: i })));
    while (held.length < 4 || client.limiter.inFlight > 4) await turn();
    for (const response of held) ok(response);
    await quiet(client);
    // Half the attempts in flight were refused: the limit drops to the number the server accepted.
    expect(client.limiter).toMatchObject({ limit: 4, waitingUntil: clock.now() + 1_000 });
    clock.advance(1_000);
    await expect(calls).resolves.toEqual(Array(8).fill(true));
    expect(seen.requests).toBe(12);
  });

  it("while the install is down, sends one probe at a time instead of one per waiting call", async () => {
    const clock = manualClock();
    // 503 with Retry-After: 1 for the first 2.5 s, then up again.
    let duringOutage = 0;
    const { url } = await startPacedServer(clock, (_n, at, response) => {
      if (at >= 2_500) return ok(response);
      duringOutage++;
      refuse(response, 503, 1);
    });
    // All 8 at once, as before latency was followed: latency's slower start is tested in latency.test.ts.
    const client = clientOf(clock, url, { maxConcurrency: 8, adaptToLatency: false });
    const calls = tracked(Array.from({ length: 16 }, (_, i) => client.lockCustomer({ customer_id: i })));
    await quiet(client);
    expect(client.limiter).toMatchObject({ limit: 1, downSince: clock.now(), queued: 16 - 10 });
    await driveUntil(clock, client, calls.done, 250);
    await expect(calls.all).resolves.toEqual(Array(16).fill(true));
    // The 8 sent at once, 2 more sent before 4 refusals in a row said "down"; then a probe a second,
    // not the 16 calls retrying each second (about 40 requests).
    expect(duringOutage).toBeLessThanOrEqual(8 + 2 + 3);
    expect(client.limiter).toMatchObject({ limit: 8, downSince: undefined });
  });

  it("leaves no timer behind once the calls waiting behind a down install are aborted", async () => {
    const clock = manualClock();
    const { url } = await startPacedServer(clock, (_n, _at, response) => refuse(response, 503, 30));
    // Timers that keep the process alive (unref'd ones, such as idle sockets', are not listed).
    const timers = () => process.getActiveResourcesInfo().filter((type) => type === "Timeout").length;
    const before = timers();
    const client = clientOf(clock, url, { maxConcurrency: 2 });
    const stop = new AbortController();
    const calls = Array.from({ length: 6 }, (_, i) =>
      rejectionOf(client.lockCustomer({ customer_id: i }, { signal: stop.signal })),
    );
    await quiet(client);
    expect(client.limiter).toMatchObject({ downSince: clock.now(), queued: 4 });
    stop.abort();
    await Promise.all(calls);
    expect(client.limiter).toMatchObject({ inFlight: 0, queued: 0 });
    // A timer left for the next probe would keep a process that is done alive for the 30 s Retry-After.
    expect(clock.pending).toBe(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("fails the waiting calls once the install stays down past their patience, each with the 503 it met", async () => {
    const clock = manualClock();
    const { seen, url } = await startPacedServer(clock, (_n, _at, response) => refuse(response, 503, 1));
    const client = clientOf(clock, url, { maxConcurrency: 4, patienceMs: 2_500, maxRetries: 0 });
    const calls = tracked(
      Array.from({ length: 12 }, (_, i) => rejectionOf(client.lockCustomer({ customer_id: i }))),
    );
    await driveUntil(clock, client, calls.done, 250);
    const outcomes = await calls.all;
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
  });

  it("fails a new call at once, without sending, once the install has been down for its whole patience", async () => {
    const clock = manualClock();
    const { seen, url } = await startPacedServer(clock, (_n, _at, response) => refuse(response, 503, 1));
    const client = clientOf(clock, url, { maxConcurrency: 4, patienceMs: 3_000, maxRetries: 0 });
    const early = tracked(
      Array.from({ length: 4 }, (_, i) => rejectionOf(client.lockCustomer({ customer_id: i }))),
    );
    await driveUntil(clock, client, early.done, 250);
    expect(client.limiter.downSince).toBeTypeOf("number");
    const before = seen.requests;
    const lateCalls = tracked(
      Array.from({ length: 4 }, (_, i) => rejectionOf(client.lockCustomer({ customer_id: 10 + i }))),
    );
    await driveUntil(clock, client, lateCalls.done, 250);
    const late = await lateCalls.all;
    // At most one probe (the install may be back), where waiting out 3 s of patience would send one a second.
    expect(seen.requests - before).toBeLessThanOrEqual(1);
    expect(late.filter((error) => error instanceof TrackfinityConnectionError).length).toBeGreaterThanOrEqual(
      3,
    );
  });
});
