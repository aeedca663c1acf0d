import { createServer } from "node:http";
import { listenOnLoopback } from "./listen-on-loopback.ts";
import { createWorkerPool } from "./worker-pool.ts";

/** How a scripted install behaves: each knob states a capacity, so every measured ratio has a known limit. */
export interface Scenario {
  /** Added to every accepted answer, in ms (with `workers`, the time a worker takes per request). */
  latencyMs: number;
  /**
   * Serves at most this many requests at a time, each taking `latencyMs`; the others wait their turn
   * in one first-come-first-served queue and are never refused (capacity `workers / latencyMs`).
   */
  workers?: number;
  /** Admits at most this many requests at a time; the others get 429 at once, with `Retry-After`. */
  maxConcurrent?: number;
  /** The `Retry-After` of those 429s, in seconds. */
  retryAfterS?: number;
  /** A maintenance window: every request gets 503 with `Retry-After`, from the `afterRequests`-th request on, for `forMs`. */
  outage?: { afterRequests: number; forMs: number; retryAfterS: number };
}

/** What the server saw, for the counts the tests and the bench report. */
export interface ScenarioStats {
  requests: number;
  /** Answers by status. */
  statuses: Record<number, number>;
  /** When each request arrived (ms since the first). */
  arrivals: number[];
  /** The outage window, in ms since the first request, once it has begun. */
  outage: { from: number; to: number } | undefined;
  /** Requests that arrived during the outage window. */
  duringOutage: number;
  /** The most requests open at once during the outage, after its first `Retry-After` had passed. */
  maxOpenAfterFirstWait: number;
  /** The bodies of accepted requests (2xx), as received. */
  accepted: string[];
  /** When the last accepted request was answered (ms since the first request). */
  lastAnswerAt: number;
  /** When the first request arrived (epoch ms), once one has: where `arrivals` and `lastAnswerAt` count from. */
  startedAt: number | undefined;
  /** Per accepted request, as answered: how long it waited for a worker (ms; 0 without `workers`). */
  queueWaits: number[];
  /** Per accepted request, as answered: from its arrival to its answer (ms). */
  answerTimes: number[];
  /** The install's own traffic (requests to {@link LIVE_PATH}), counted apart from everything above. */
  live: LiveStats;
}

/**
 * Requests to a path ending in this are the install's own live traffic (clicks, postbacks): they
 * share the workers and their queue with the bulk run, nothing else (no 429, no outage), and are
 * counted in `stats.live` only.
 */
export const LIVE_PATH = "/live";

/** What the server saw of its own live traffic. */
export interface LiveStats {
  requests: number;
  served: number;
  /** Per answer: how long it waited for a worker (ms). */
  queueWaits: number[];
  /** Per answer: from its arrival to its answer (ms). */
  answerTimes: number[];
}

/** The install of issue 19's bench scenario 5: 8 workers × 50 ms, FIFO, never 429 (capacity 160/s). */
export const QUEUEING_INSTALL: Scenario = { latencyMs: 50, workers: 8 };

const tenths = (ms: number) => Math.round(ms * 10) / 10;

/** A Trackfinity stand-in on 127.0.0.1 that pushes back as a scenario says: answers `true`, 429 or 503, or queues. */
export async function startScenarioServer(scenario: Scenario) {
  const stats: ScenarioStats = {
    requests: 0,
    statuses: {},
    arrivals: [],
    outage: undefined,
    duringOutage: 0,
    maxOpenAfterFirstWait: 0,
    accepted: [],
    lastAnswerAt: 0,
    startedAt: undefined,
    queueWaits: [],
    answerTimes: [],
    live: { requests: 0, served: 0, queueWaits: [], answerTimes: [] },
  };
  const pool =
    scenario.workers === undefined ? undefined : createWorkerPool(scenario.workers, scenario.latencyMs);
  /** Runs `done(waitedMs)` once the request is served: by a worker in its turn, or after `latencyMs`. */
  const serve = (done: (waitedMs: number) => void) =>
    pool ? pool.serve(done) : setTimeout(() => done(0), scenario.latencyMs);
  let admitted = 0;
  let open = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const arrived = performance.now();
      if (request.url?.endsWith(LIVE_PATH)) {
        stats.live.requests++;
        return serve((waitedMs) => {
          stats.live.served++;
          stats.live.queueWaits.push(tenths(waitedMs));
          stats.live.answerTimes.push(tenths(performance.now() - arrived));
          response.writeHead(200, { "content-type": "application/json" }).end("true");
        });
      }
      const now = Date.now();
      stats.startedAt ??= now;
      const at = now - stats.startedAt;
      stats.requests++;
      stats.arrivals.push(at);
      open++;
      response.on("close", () => open--);
      const answer = (status: number, headers: Record<string, string> = {}) => {
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
        response
          .writeHead(status, { "content-type": "application/json", ...headers })
          .end(status < 300 ? "true" : '"no"');
      };
      const { outage } = scenario;
      if (outage && !stats.outage && stats.requests > outage.afterRequests) {
        stats.outage = { from: at, to: at + outage.forMs };
      }
      if (outage && stats.outage && at < stats.outage.to) {
        stats.duringOutage++;
        if (at >= stats.outage.from + outage.retryAfterS * 1000) {
          stats.maxOpenAfterFirstWait = Math.max(stats.maxOpenAfterFirstWait, open);
        }
        return answer(503, { "retry-after": String(outage.retryAfterS) });
      }
      if (scenario.maxConcurrent !== undefined && admitted >= scenario.maxConcurrent) {
        return answer(429, { "retry-after": String(scenario.retryAfterS ?? 1) });
      }
      admitted++;
      serve((waitedMs) => {
        admitted--;
        stats.accepted.push(Buffer.concat(chunks).toString());
        stats.queueWaits.push(tenths(waitedMs));
        stats.answerTimes.push(tenths(performance.now() - arrived));
        stats.lastAnswerAt = Date.now() - (stats.startedAt ?? 0);
        answer(200);
      });
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    url: `${listener.url}/api`,
    stats,
    /** Ends the outage now (or prevents it, if it has not begun). */
    endOutage() {
      const now = Date.now() - (stats.startedAt ?? Date.now());
      if (stats.outage) stats.outage.to = Math.min(stats.outage.to, now);
      else stats.outage = { from: now, to: now };
    },
    close: listener.close,
  };
}

/** The most requests that arrived within any one second. */
export function busiestSecond(arrivals: readonly number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < arrivals.length; end++) {
    while ((arrivals[end] ?? 0) - (arrivals[start] ?? 0) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
