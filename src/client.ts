import { TrackfinityUnexpectedResponseError } from "./errors/api-errors.js";
import { isRetryableKind } from "./errors/error-kind.js";
import { TrackfinityError } from "./errors/trackfinity-error.js";
import { OPERATIONS, type OperationId } from "./generated/operation-data.js";
import type { TrackfinityOperations } from "./generated/operation-types.js";
import type { CallOptions, TrackfinityClientOptions } from "./options.js";
import { createRedactor } from "./redact.js";
import { resolveCallOptions, resolveOptions } from "./resolve-options.js";
import { backoffDelay, sleep } from "./retry-policy.js";
import { type Answer, createSender } from "./send-attempt.js";
import { shareSignal } from "./share-signal.js";
import { encodeParams } from "./validate-params.js";

/**
 * A configured Trackfinity client: one method per operation of openapi.yaml, named by its
 * operationId. Safe to share; holds no connection of its own.
 */
export interface TrackfinityClient extends TrackfinityOperations {}

/** The answer an operation's data asks for, from the text the server sent (never a redacted copy). */
function judge(expected: "true" | "json", answer: Answer): unknown {
  const too = answer.truncated ? ", not an answer over 64 KiB" : "";
  if (expected === "true") {
    // The JSON value true, whitespace allowed around it.
    if (answer.text.trim() === "true") return true;
    throw new TrackfinityUnexpectedResponseError(answer.keep(), `the JSON value true${too}`);
  }
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new TrackfinityUnexpectedResponseError(answer.keep(), `JSON${too}`);
  }
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
  const config = resolveOptions(options);
  const send = createSender(config, createRedactor([config.headers["api-key"]]));
  const log = (level: "debug" | "warn", message: string) => {
    try {
      config.logger?.[level]?.(`trackfinity: ${message}`);
    } catch {
      // A failing logger must not change the outcome: the update may already be applied.
    }
  };

  /** The one call path: checks params, then sends attempts until an answer, an error not worth retrying, or no retries left. */
  async function call<Id extends OperationId>(id: Id, params: unknown, options: unknown): Promise<unknown> {
    const op = OPERATIONS[id];
    const body = encodeParams(id, params);
    const settings = resolveCallOptions(options as CallOptions | undefined, config);
    if (settings.signal) shareSignal(settings.signal);
    const request = `${op.method.toUpperCase()} ${config.baseUrl}${op.path}`;
    for (let retry = 0; ; retry++) {
      const started = Date.now();
      try {
        settings.signal?.throwIfAborted();
        const answer = judge(op.answer, await send(id, body, settings));
        log("debug", `${request} → ${op.answer === "true" ? "true" : "ok"} in ${Date.now() - started} ms`);
        return answer;
      } catch (error) {
        // Object(): a caller's abort reason may be any value, null included.
        const { name, retryAfterMs } = Object(error) as TrackfinityError & { retryAfterMs?: number };
        log("debug", `${request} → ${name} in ${Date.now() - started} ms`);
        const retryable = error instanceof TrackfinityError && isRetryableKind(error.kind);
        if (!retryable || retry >= settings.maxRetries || (retryAfterMs ?? 0) > settings.maxRetryAfterMs)
          throw error;
        const delay = retryAfterMs ?? backoffDelay(retry);
        log("warn", `${name}; retry ${retry + 1} of ${settings.maxRetries} in ${delay} ms`);
        await sleep(delay, settings.signal);
      }
    }
  }

  const client: Record<string, unknown> = {};
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    client[id] = OPERATIONS[id].hasBody
      ? (params: unknown, options?: unknown) => call(id, params, options)
      : (options?: unknown) => call(id, undefined, options);
  }
  return client as unknown as TrackfinityClient;
}
