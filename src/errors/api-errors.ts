import { kindOfStatus } from "./error-kind.js";
import { type AdvisedOperation, adviceFor, type StatusAdvice } from "./status-advice.js";
import { TrackfinityError } from "./trackfinity-error.js";

/** What the server answered, as kept on an error. */
export interface ResponseDetails {
  /** HTTP method of the request, e.g. `PATCH`. */
  method: string;
  /** The URL that was called (never with credentials). */
  url: string;
  /** HTTP status code. */
  status: number;
  /**
   * Response body as text (at most the first 64 KiB), with the call's secrets redacted should the
   * server echo them: the API key and each secret field sent (a password), raw, URL-encoded or
   * JSON-escaped.
   */
  body: string;
  /** Response headers, with the call's secrets redacted as in `body`. */
  headers: Headers;
}

const snippet = (body: string) => {
  const text = body.trim().replace(/\s+/g, " ").slice(0, 300);
  return text ? `: ${text}` : "";
};

/** What happened and what to do, in the library's words. */
function explain(d: ResponseDetails, advice: StatusAdvice): string {
  const call = `${d.method} ${d.url} (${d.status})${snippet(d.body)}.`;
  switch (advice.code) {
    case "set_base_url": {
      const to = advice.location ? ` to ${advice.location}` : "";
      const root = advice.baseUrl ?? "the API root the server redirects to";
      return `Trackfinity redirected ${d.method} ${d.url} (${d.status})${to}${snippet(d.body)}. Not followed, so the key stays with baseUrl: set baseUrl to ${root}.`;
    }
    case "add_api_root":
      return `Trackfinity refused ${call} baseUrl probably lacks the install's API root: set it to ${advice.baseUrl}.`;
    case "check_credentials":
      return `Trackfinity refused the credentials: ${call} Check apiKey and apiUsername, and that this machine's IP address is on the install's admin API allow-list.`;
    case "check_base_url":
      return `Trackfinity refused ${call} Check that baseUrl is the install's API root, ending in /api.`;
    case "check_lookup_id":
      return `Trackfinity refused ${call} Check the lookup id, and that baseUrl is the install's API root.`;
    case "slow_down":
      return `Trackfinity asked to slow down: ${call} Try again later.`;
    case "try_later":
      return `Trackfinity failed: ${call} The install may be down or in maintenance; try again later.`;
    case "read_body":
      return `Trackfinity refused ${call}`;
  }
}

/**
 * The server answered with a non-2xx status: `status`, `body` and `headers` say what it answered,
 * `kind` what it means. A 3xx is a redirect, never followed so the credentials stay with
 * `baseUrl`'s origin; 408, 429 and 5xx arrive here after all retries.
 */
export class TrackfinityApiError extends TrackfinityError implements ResponseDetails {
  override name = "TrackfinityApiError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: number;
  declare readonly body: string;
  declare readonly headers: Headers;
  /** The wait the server asked for with `Retry-After`, in milliseconds, when it sent one. */
  declare readonly retryAfterMs: number | undefined;
  /** What the status points at, and so what to do: the data the message is written from. */
  readonly advice: StatusAdvice;

  /**
   * @param details what the server answered
   * @param retryAfterMs its `Retry-After`, in milliseconds
   * @param operation the operation called (its path, lookup ids and input), to tell what the status
   *   points at: the API root a redirect names, a base URL without `/api`, a lookup id no record has
   */
  constructor(details: ResponseDetails, retryAfterMs?: number, operation?: AdvisedOperation) {
    const advice = adviceFor(details.status, details.url, details.headers.get("location"), operation);
    super(explain(details, advice), kindOfStatus(details.status));
    Object.assign(this, details, { retryAfterMs });
    this.advice = advice;
  }
}

/**
 * The server answered 2xx, but not with the expected answer (e.g. `false`, HTML, malformed JSON):
 * usually a `baseUrl` that is not a Trackfinity API root. Its `kind` is `misconfigured`.
 */
export class TrackfinityUnexpectedResponseError extends TrackfinityError implements ResponseDetails {
  override name = "TrackfinityUnexpectedResponseError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: number;
  declare readonly body: string;
  declare readonly headers: Headers;

  /**
   * @param details what the server answered
   * @param expected what a Trackfinity install answers, e.g. `the JSON value true`
   */
  constructor(
    details: ResponseDetails,
    /** What a Trackfinity install answers instead, e.g. `the JSON value true`. */
    readonly expected: string,
  ) {
    super(
      `Trackfinity answered ${details.method} ${details.url} (${details.status})${snippet(details.body)}, but expected ${expected}. Check that baseUrl is the install's API root.`,
      "misconfigured",
    );
    Object.assign(this, details);
  }
}
