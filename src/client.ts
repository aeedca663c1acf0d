import { type Clock, systemClock } from "./clock.js";
import { type AttemptResult, type CallBudget, decideAfterAttempt } from "./decide-after-attempt.js";
import type { TrackfinityError } from "./errors/trackfinity-error.js";
import { TrackfinityConnectionError } from "./errors/transport-errors.js";
import { OPERATIONS, type OperationId } from "./generated/operation-data.js";
import type { TrackfinityOperations } from "./generated/operation-types.js";
import { createLimiter, type LimiterState } from "./limiter.js";
import type { OperationData } from "./operation-shape.js";
import type { CallOptions, TrackfinityClientOptions } from "./options.js";
import { readPages } from "./pages.js";
import { resolveCallOptions, resolveOptions } from "./resolve-options.js";
import { sleep } from "./retry-policy.js";
import { createSender } from "./send-attempt.js";
import { shareSignal } from "./share-signal.js";
import { encodeParams } from "./validate-params.js";

/**
 * A configured Trackfinity client: one method per operation of openapi.yaml, named by its
 * operationId. Safe to share; holds no connection of its own.
 */
export interface TrackfinityClient extends TrackfinityOperations {
  /**
   * How the client paces its attempts right now, across all calls: the in-flight limit it works at
   * (adaptive, at most `maxConcurrency`), attempts in flight and queued, and when a wait the server
   * asked for ends. For progress displays and monitoring.
   */
  readonly limiter: LimiterState;
}

/**
 * Creates a client for one Trackfinity install.
 *
 * @throws {TrackfinityValidationError} an option is missing or unsafe (e.g. an `http://` baseUrl).
 * @example
 * const trackfinity = createTrackfinityClient({
 *   baseUrl: "https://tracking.example.com/api",
 *   apiKey: process.env.TRACKFINITY_API_KEY,
 *   apiUsername: "tf_admin",
 * });
 */
export function createTrackfinityClient(options?: TrackfinityClientOptions): TrackfinityClient {
  return createClientOnClock(options, systemClock);
}

/**
 * How often a call waiting for its turn looks after the queue itself in Cloudflare Workers (see
 * `createLimiter`): a wait that should end when another request has already answered ends at most
 * this much later.
 */
const WORKERS_WATCH_MS = 250;

/** Whether this runs in Cloudflare Workers, told apart as Cloudflare documents it. */
const inWorkers = () =>
  (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === "Cloudflare-Workers";

/** What the debug line says of an attempt: `true`, `ok` for another answer, or the failure's name. */
function attemptSummary(result: AttemptResult, answer: unknown): string {
  if (!result.ok) return String((result.error as Error)?.name);
  return answer === true ? "true" : "ok";
}

/**
 * {@link createTrackfinityClient} on a given clock: the clock's time and timers pace, back off and
 * time out every call. Not part of the package's API; tests step a clock of their own.
 */
export function createClientOnClock(
  options: TrackfinityClientOptions | undefined,
  clock: Clock,
): TrackfinityClient {
  const config = resolveOptions(options);
  const send = createSender(config, clock);
  const limiter = createLimiter(
    {
      maxConcurrency: config.maxConcurrency,
      adaptive: config.adaptiveConcurrency,
      latencyAware: config.adaptToLatency,
      intervalMs: config.maxRatePerSecond ? 1000 / config.maxRatePerSecond : 0,
    },
    clock,
    inWorkers() ? WORKERS_WATCH_MS : 0,
  );
  const log = (level: "debug" | "warn", message: string) => {
    try {
      config.logger?.[level]?.(`trackfinity: ${message}`);
    } catch {
      // A failing logger must not change the outcome: the update may already be applied.
    }
  };

  /**
   * The one call path: checks params, then sends attempts, each in its turn (the limiter), and does
   * what {@link decideAfterAttempt} says after each: return, throw, or wait and try again.
   */
  async function call<Id extends OperationId>(id: Id, params: unknown, options: unknown): Promise<unknown> {
    const op = OPERATIONS[id];
    const encoded = encodeParams(id, params);
    const settings = resolveCallOptions(options as CallOptions | undefined, config);
    const { signal, stopSignal } = settings;
    shareSignal(signal);
    shareSignal(stopSignal);
    const url = config.baseUrl + op.path;
    const since = clock.now();
    const budget: CallBudget = {
      failures: 0,
      retriesUsed: 0,
      maxRetries: settings.maxRetries,
      // The call keeps trying while the server pushes back (429, 503, the install down) until then.
      patienceEndsAt: settings.patienceMs && since + settings.patienceMs,
      maxRetryAfterMs: settings.maxRetryAfterMs,
      idempotent: op.method !== "POST",
    };
    let lastFailure: unknown;
    for (;;) {
      signal?.throwIfAborted();
      stopSignal?.throwIfAborted();
      // Down past its patience, the call fails with its own last failure, or says it could not reach.
      const slot = await limiter.acquire(
        since,
        settings.patienceMs,
        (cause) => lastFailure ?? new TrackfinityConnectionError(url, cause),
        signal,
        stopSignal,
      );
      const startedAt = clock.now();
      let answer: unknown;
      let result: AttemptResult;
      try {
        answer = await send(id, url, params, encoded, settings);
        result = { ok: true };
      } catch (error) {
        lastFailure = error;
        budget.failures++;
        result = { ok: false, error };
      }
      const now = clock.now();
      const { next, signal: learned, waitMs } = decideAfterAttempt(result, budget, now);
      limiter.release({ slot, signal: learned, waitMs, error: lastFailure });
      log("debug", `${op.method} ${url} → ${attemptSummary(result, answer)} in ${now - startedAt} ms`);
      if (next.action === "return") return answer;
      if (next.action === "throw") throw next.error;

      const { name, status } = lastFailure as TrackfinityError & { status?: number };
      if (next.budget === "retries") {
        budget.retriesUsed++;
        log("warn", `${name}; retry ${budget.retriesUsed} of ${budget.maxRetries} in ${next.afterMs} ms`);
      } else {
        const patienceLeftS = Math.round((budget.patienceEndsAt - now) / 1000);
        log("warn", `${name} (${status}), patience left ${patienceLeftS} s; retry in ${next.afterMs} ms`);
      }
      await sleep(clock, next.afterMs, signal, stopSignal);
    }
  }

  const client: Record<string, unknown> = {
    get limiter() {
      return limiter.state;
    },
  };
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    const op: OperationData = OPERATIONS[id];
    if (op.input === "none") {
      client[id] = (options?: unknown) => call(id, undefined, options);
      continue;
    }
    client[id] = (params: unknown, options?: unknown) => call(id, params, options);
    const { paging } = op;
    if (paging) {
      client[`${id}Pages`] = (params?: Readonly<Record<string, unknown>>, options?: unknown) =>
        readPages(paging, (page) => call(id, page, options), params);
    }
  }
  return client as unknown as TrackfinityClient;
}
