import createClient from "openapi-fetch";
import { encodeParams } from "./encode-params.js";
import {
  type ResponseDetails,
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
} from "./errors/api-errors.js";
import { TrackfinityError } from "./errors/trackfinity-error.js";
import { TrackfinityConnectionError, TrackfinityTimeoutError } from "./errors/transport-errors.js";
import type { paths } from "./generated/openapi.js";
import type { CallOptions, TrackfinityClientOptions } from "./options.js";
import type { SetCustomerDetailsParams } from "./params.js";
import { readCappedBody } from "./read-capped-body.js";
import { type ResolvedOptions, resolveCallOptions, resolveOptions } from "./resolve-options.js";
import { backoffDelay, isRetryable, parseRetryAfter, sleep } from "./retry-policy.js";
import { shareSignal } from "./share-signal.js";

const PATH = "/customer/set_customer_details";

/** A configured Trackfinity client. Safe to share; holds no connection of its own. */
export interface TrackfinityClient {
  /**
   * Sets or removes details of one customer record: `PATCH /customer/set_customer_details`.
   *
   * Checks `params` first and sends nothing if any rule is broken. Retries connection errors,
   * timeouts, 408, 429 and 5xx (the call only sets values, so repeating it is safe).
   *
   * @returns `true`, once the server has answered 2xx with the JSON value `true`.
   * @throws {TrackfinityValidationError} bad params or options; nothing was sent.
   * @throws {TrackfinityApiError} a non-2xx answer: `status`, `body`, `headers`.
   * @throws {TrackfinityUnexpectedResponseError} 2xx without the JSON value `true`.
   * @throws {TrackfinityConnectionError | TrackfinityTimeoutError} after all retries.
   * @throws the signal's reason (an `AbortError` by default) when the caller's signal fires, like `fetch`.
   * @example
   * await trackfinity.setCustomerDetails({ customer_id: 191, firstname: "Test", address2: REMOVE });
   */
  setCustomerDetails(params: SetCustomerDetailsParams, options?: CallOptions): Promise<true>;
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
  const url = config.baseUrl + PATH;
  const api = createClient<paths>({ baseUrl: config.baseUrl, headers: config.headers });
  const key = config.headers["api-key"];
  const redact = (text: string) => text.replaceAll(key, "[redacted]");
  const log = (level: "debug" | "warn", message: string) => {
    try {
      config.logger?.[level]?.(`trackfinity: ${message}`);
    } catch {
      // A failing logger must not change the outcome: the update may already be applied.
    }
  };

  async function attempt(body: string, { signal, timeoutMs, fetch }: ResolvedOptions): Promise<true> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, timeoutMs);
    signal?.addEventListener("abort", abort);
    let details: ResponseDetails | undefined;
    let truncated = false;
    try {
      await api.PATCH(PATH, {
        body: body as never,
        bodySerializer: () => body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        // A signal costs undici's Request constructor a listener and a finalizer; this Request
        // is only sent as it is by a caller's fetch.
        signal: fetch ? controller.signal : null,
        redirect: "manual",
        // We read the body ourselves, capped and under the attempt's timeout; the empty 204
        // handed back keeps openapi-fetch from buffering an error body of any size.
        fetch: async (request: Request) => {
          // fetch(request) pipes the Request's body through an identity TransformStream (undici),
          // so the global fetch is handed the same request as (url, init), the body as a string.
          const response = await (fetch
            ? fetch(request)
            : globalThis.fetch(request.url, {
                method: "PATCH",
                headers: request.headers,
                body,
                signal: controller.signal,
                redirect: "manual",
              }));
          const read = await readCappedBody(response);
          const headers = new Headers();
          for (const [name, value] of response.headers) headers.append(name, redact(value));
          // A body cut at the cap may end in part of an echoed key: drop a key's length before redacting.
          const text = read.truncated ? read.text.slice(0, -key.length) : read.text;
          details = { method: "PATCH", url, status: response.status, body: redact(text), headers };
          truncated = read.truncated;
          return new Response(null, { status: 204 });
        },
      });
    } catch (error) {
      throw error instanceof TrackfinityError
        ? error
        : signal?.aborted
          ? signal.reason
          : controller.signal.aborted
            ? new TrackfinityTimeoutError(url, timeoutMs)
            : new TrackfinityConnectionError(url, error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
    const answer = details as ResponseDetails;
    const { status } = answer;
    if (status < 200 || status > 299)
      throw new TrackfinityApiError(answer, parseRetryAfter(answer.headers.get("retry-after")));
    // The JSON value true, whitespace allowed around it.
    if (answer.body.trim() !== "true") {
      throw new TrackfinityUnexpectedResponseError(answer, truncated ? "over 64 KiB" : undefined);
    }
    return true;
  }

  async function setCustomerDetails(params: SetCustomerDetailsParams, options?: CallOptions): Promise<true> {
    const body = encodeParams(params).toString();
    const call = resolveCallOptions(options, config);
    if (call.signal) shareSignal(call.signal);
    for (let retry = 0; ; retry++) {
      const started = Date.now();
      try {
        call.signal?.throwIfAborted();
        await attempt(body, call);
        log("debug", `PATCH ${url} → true in ${Date.now() - started} ms`);
        return true;
      } catch (error) {
        // Object(): a caller's abort reason may be any value, null included.
        const { name, retryAfterMs } = Object(error) as TrackfinityError & { retryAfterMs?: number };
        log("debug", `PATCH ${url} → ${name} in ${Date.now() - started} ms`);
        if (!isRetryable(error) || retry >= call.maxRetries || (retryAfterMs ?? 0) > call.maxRetryAfterMs)
          throw error;
        const delay = retryAfterMs ?? backoffDelay(retry);
        log("warn", `${name}; retry ${retry + 1} of ${call.maxRetries} in ${delay} ms`);
        await sleep(delay, call.signal);
      }
    }
  }

  return { setCustomerDetails };
}
