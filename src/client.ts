import createClient from "openapi-fetch";
import { encodeParams } from "./encode-params.js";
import {
  apiErrorFor,
  type ResponseDetails,
  TrackfinityUnexpectedResponseError,
} from "./errors/api-errors.js";
import { TrackfinityError } from "./errors/trackfinity-error.js";
import {
  TrackfinityAbortError,
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
} from "./errors/transport-errors.js";
import type { paths } from "./generated/openapi.js";
import type { CallOptions, TrackfinityClientOptions } from "./options.js";
import type { SetCustomerDetailsParams } from "./params.js";
import { readCappedBody } from "./read-capped-body.js";
import { resolveCallOptions, resolveOptions } from "./resolve-options.js";
import { backoffDelay, isRetryable, parseRetryAfter, sleep } from "./retry-policy.js";

const PATH = "/customer/set_customer_details";
const METHOD = "PATCH";
const FORM = "application/x-www-form-urlencoded";
const REDACTED = "[redacted]";

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
   * @throws {TrackfinityApiError} non-2xx answer (a subclass per status family).
   * @throws {TrackfinityUnexpectedResponseError} 2xx without the JSON value `true`.
   * @throws {TrackfinityConnectionError | TrackfinityTimeoutError} after all retries.
   * @throws {TrackfinityAbortError} the caller's signal fired.
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
  const redact = (text: string) => text.replaceAll(config.secret, REDACTED);
  const log = (level: "debug" | "warn", message: string) =>
    config.logger?.[level]?.(`trackfinity: ${message}`);

  async function readAnswer(response: Response): Promise<ResponseDetails & { truncated: boolean }> {
    const { text, truncated } = await readCappedBody(response);
    const headers = new Headers();
    for (const [name, value] of response.headers) headers.append(name, redact(value));
    return { method: METHOD, url, status: response.status, body: redact(text), headers, truncated };
  }

  async function attempt(body: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<true> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let answer: (ResponseDetails & { truncated: boolean }) | undefined;
    try {
      await api.PATCH(PATH, {
        body: body as never,
        bodySerializer: () => body,
        headers: { "content-type": FORM },
        signal: controller.signal,
        redirect: "manual",
        // We read the body ourselves, capped, under the attempt's timeout; the empty 204 handed
        // back keeps openapi-fetch from buffering an error body of any size.
        fetch: async (request: Request) => {
          answer = await readAnswer(await config.fetch(request));
          return new Response(null, { status: 204 });
        },
      });
    } catch (error) {
      if (error instanceof TrackfinityError) throw error;
      if (timedOut) throw new TrackfinityTimeoutError(url, timeoutMs);
      if (signal?.aborted) throw new TrackfinityAbortError(signal.reason);
      throw new TrackfinityConnectionError(url, error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
    if (!answer)
      throw new TrackfinityConnectionError(url, new Error("the fetch function returned no response"));
    const { truncated, ...details } = answer;
    if (details.status < 200 || details.status > 299) {
      throw apiErrorFor(details, parseRetryAfter(details.headers.get("retry-after")));
    }
    if (truncated)
      throw new TrackfinityUnexpectedResponseError(details, "a body larger than 64 KiB instead of true");
    let value: unknown;
    try {
      value = JSON.parse(details.body);
    } catch {
      throw new TrackfinityUnexpectedResponseError(
        details,
        "a body that is not JSON; expected the JSON value true",
      );
    }
    if (value !== true) throw new TrackfinityUnexpectedResponseError(details);
    return true;
  }

  async function setCustomerDetails(params: SetCustomerDetailsParams, options?: CallOptions): Promise<true> {
    const body = encodeParams(params).toString();
    const call = resolveCallOptions(options, config);
    for (let retry = 0; ; retry++) {
      if (call.signal?.aborted) throw new TrackfinityAbortError(call.signal.reason);
      const started = Date.now();
      try {
        const result = await attempt(body, call.signal, call.timeoutMs);
        log("debug", `${METHOD} ${url} → true in ${Date.now() - started} ms`);
        return result;
      } catch (error) {
        const reason = error instanceof Error ? error.name : "error";
        log("debug", `${METHOD} ${url} → ${reason} in ${Date.now() - started} ms`);
        if (!isRetryable(error) || retry >= call.maxRetries) throw error;
        const asked = (error as { retryAfterMs?: number }).retryAfterMs;
        if (asked !== undefined && asked > config.maxRetryAfterMs) throw error;
        const delay = asked ?? backoffDelay(retry);
        log("warn", `${reason}; retry ${retry + 1} of ${call.maxRetries} in ${delay} ms`);
        try {
          await sleep(delay, call.signal);
        } catch {
          throw new TrackfinityAbortError(call.signal?.reason);
        }
      }
    }
  }

  return Object.freeze({ setCustomerDetails });
}
