import { isRetryableKind } from "./errors/error-kind.js";
import { TrackfinityError } from "./errors/trackfinity-error.js";
import { TrackfinityConnectionError } from "./errors/transport-errors.js";
import { OPERATIONS, type OperationId } from "./generated/operation-data.js";
import type { TrackfinityOperations } from "./generated/operation-types.js";
import { createLimiter, type LimiterState, type Outcome } from "./limiter.js";
import type { CallOptions, TrackfinityClientOptions } from "./options.js";
import { resolveCallOptions, resolveOptions } from "./resolve-options.js";
import { backoffDelay, sleep } from "./retry-policy.js";
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

/** What an attempt's failure tells the limiter about the server's load. */
const outcomeOf = (failure: unknown, status: unknown): Outcome =>
  failure instanceof TrackfinityConnectionError
    ? "unreachable"
    : status === 429
      ? "throttled"
      : status === 503
        ? "unavailable"
        : failure instanceof TrackfinityError && failure.kind !== "unavailable"
          ? "served"
          : "other";

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
  const config = resolveOptions(options);
  const send = createSender(config);
  const limiter = createLimiter(config.maxConcurrency, config.adaptiveConcurrency, config.maxRatePerSecond);
  const log = (level: "debug" | "warn", message: string) => {
    try {
      config.logger?.[level]?.(`trackfinity: ${message}`);
    } catch {
      // A failing logger must not change the outcome: the update may already be applied.
    }
  };

  /**
   * The one call path: checks params, then sends attempts, each in its turn (the limiter), until an
   * answer, an error not worth retrying, or no patience and no retries left.
   */
  async function call<Id extends OperationId>(id: Id, params: unknown, options: unknown): Promise<unknown> {
    const op = OPERATIONS[id];
    const body = encodeParams(id, params);
    const settings = resolveCallOptions(options as CallOptions | undefined, config);
    const { signal, stopSignal } = settings;
    shareSignal(signal);
    shareSignal(stopSignal);
    const url = config.baseUrl + op.path;
    // The call keeps trying while the server pushes back (429, 503, the install down) until then.
    const since = Date.now();
    const deadline = settings.patienceMs && since + settings.patienceMs;
    let retries = 0;
    let failed = 0;
    let last: unknown;
    for (;;) {
      signal?.throwIfAborted();
      stopSignal?.throwIfAborted();
      // Down past its patience, the call fails with its own last failure, or says it could not reach.
      const slot = await limiter.acquire(
        since,
        settings.patienceMs,
        (cause) => last ?? new TrackfinityConnectionError(url, cause),
        signal,
        stopSignal,
      );
      const started = Date.now();
      let answer: unknown;
      let failure: unknown;
      let ok = false;
      try {
        answer = await send(id, url, body, settings);
        ok = true;
      } catch (error) {
        failure = last = error;
        failed++;
      }
      const { name, kind, status, retryAfterMs } = Object(failure);
      // The wait before another attempt, none after an answer. Throttled (429, 503): the server's
      // Retry-After, with a backoff as a floor once it refused this call before (no tight loop on
      // "0"), within the patience. Else Retry-After or backoff.
      const throttled = kind === "throttled";
      const delay = ok
        ? 0
        : throttled
          ? Math.max(
              retryAfterMs ?? 0,
              retryAfterMs === undefined || failed > 1 ? backoffDelay(failed - 1) : 0,
            )
          : (retryAfterMs ?? backoffDelay(retries));
      limiter.release(slot, ok ? "served" : outcomeOf(failure, status), delay, failure);
      log(
        "debug",
        `${op.method} ${url} → ${ok ? answer === true || "ok" : name} in ${Date.now() - started} ms`,
      );
      if (ok) return answer;

      if (
        !(failure instanceof TrackfinityError && isRetryableKind(kind)) ||
        retryAfterMs > settings.maxRetryAfterMs
      )
        throw failure;
      const now = Date.now();
      if (throttled && now + delay <= deadline) {
        log(
          "warn",
          `${name} (${status}), patience left ${Math.round((deadline - now) / 1000)} s; retry in ${delay} ms`,
        );
      } else if (retries < settings.maxRetries) {
        retries++;
        log("warn", `${name}; retry ${retries} of ${settings.maxRetries} in ${delay} ms`);
      } else throw failure;
      await sleep(delay, signal, stopSignal);
    }
  }

  const client: Record<string, unknown> = {
    get limiter() {
      return limiter.state;
    },
  };
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    client[id] = OPERATIONS[id].hasBody
      ? (params: unknown, options?: unknown) => call(id, params, options)
      : (options?: unknown) => call(id, undefined, options);
  }
  return client as unknown as TrackfinityClient;
}
