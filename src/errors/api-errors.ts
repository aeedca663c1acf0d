import { TrackfinityError } from "./trackfinity-error.js";

/** What the server answered, as kept on an error. */
export interface ResponseDetails {
  /** HTTP method of the request, always `PATCH` here. */
  method: string;
  /** The URL that was called (never with credentials). */
  url: string;
  /** HTTP status code. */
  status: number;
  /** Response body as text, at most the first 64 KiB. */
  body: string;
  /** Response headers. */
  headers: Headers;
}

const SNIPPET = 300;

function describe(details: ResponseDetails): string {
  const body = details.body.trim().replace(/\s+/g, " ");
  const snippet = body.length > SNIPPET ? `${body.slice(0, SNIPPET)}…` : body;
  return `${details.method} ${details.url} (${details.status})${snippet ? `: ${snippet}` : ""}`;
}

/** The server answered with a non-2xx status. `status`, `body` and `headers` say what it answered. */
export class TrackfinityApiError extends TrackfinityError {
  override name = "TrackfinityApiError";
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
  /** The wait the server asked for with `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(details: ResponseDetails, hint: string, retryAfterMs?: number) {
    const wait =
      retryAfterMs === undefined
        ? ""
        : ` The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s (Retry-After).`;
    super(`Trackfinity rejected ${describe(details)}. ${hint}${wait}`);
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
    this.headers = details.headers;
    this.retryAfterMs = retryAfterMs;
  }
}

/** 3xx: the server redirected. Redirects are never followed, so the credentials stay with `baseUrl`'s origin. */
export class TrackfinityRedirectError extends TrackfinityApiError {
  override name = "TrackfinityRedirectError";
}
/** 400: the server found the request invalid or unsupported. */
export class TrackfinityBadRequestError extends TrackfinityApiError {
  override name = "TrackfinityBadRequestError";
}
/** 401 or 403: credentials missing or wrong, or this machine's IP is not on the install's API allow-list. */
export class TrackfinityAuthenticationError extends TrackfinityApiError {
  override name = "TrackfinityAuthenticationError";
}
/** 404: an invalid parameter (e.g. no such customer), or a wrong `baseUrl`. */
export class TrackfinityNotFoundError extends TrackfinityApiError {
  override name = "TrackfinityNotFoundError";
}
/** 405: the endpoint does not allow the method; usually a wrong `baseUrl`. */
export class TrackfinityMethodNotAllowedError extends TrackfinityApiError {
  override name = "TrackfinityMethodNotAllowedError";
}
/** 429: too many requests (after all retries, or `Retry-After` beyond `maxRetryAfterMs`). */
export class TrackfinityRateLimitError extends TrackfinityApiError {
  override name = "TrackfinityRateLimitError";
}
/** 5xx: the server failed (after all retries). */
export class TrackfinityServerError extends TrackfinityApiError {
  override name = "TrackfinityServerError";
}

type ApiErrorClass = new (
  details: ResponseDetails,
  hint: string,
  retryAfterMs?: number,
) => TrackfinityApiError;

const byStatus: Record<number, [ApiErrorClass, string]> = {
  400: [TrackfinityBadRequestError, "Check the fields against the API reference."],
  401: [
    TrackfinityAuthenticationError,
    "Check apiKey and apiUsername, and that this machine's IP address is on the install's admin API allow-list.",
  ],
  404: [
    TrackfinityNotFoundError,
    "Check the lookup id (does the customer exist?) and that baseUrl ends in /api.",
  ],
  405: [TrackfinityMethodNotAllowedError, "Check that baseUrl points at the install's /api root."],
  429: [TrackfinityRateLimitError, "Too many requests: wait and retry."],
};
byStatus[403] = byStatus[401] as [ApiErrorClass, string];

/** Builds the error class that matches a non-2xx status. */
export function apiErrorFor(details: ResponseDetails, retryAfterMs?: number): TrackfinityApiError {
  const known = byStatus[details.status];
  if (known) return new known[0](details, known[1], retryAfterMs);
  if (details.status >= 500) {
    return new TrackfinityServerError(details, "The Trackfinity server failed: retry later.", retryAfterMs);
  }
  // status 0: a browser's opaque answer to `redirect: "manual"`.
  if (details.status === 0 || (details.status >= 300 && details.status < 400)) {
    const location = details.headers.get("location");
    return new TrackfinityRedirectError(
      details,
      `It redirects${location ? ` to ${location}` : ""}; redirects are not followed so the credentials never leave baseUrl's origin. Set baseUrl to the final URL.`,
    );
  }
  return new TrackfinityApiError(details, "See the status and body for why.", retryAfterMs);
}

/** The server answered 2xx, but not with the JSON value `true` (e.g. `false`, HTML, malformed JSON). */
export class TrackfinityUnexpectedResponseError extends TrackfinityError {
  override name = "TrackfinityUnexpectedResponseError";
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;

  constructor(details: ResponseDetails, why = "expected the JSON value true") {
    super(
      `Trackfinity answered ${describe(details)}, ${why}. The update may not have been applied; check baseUrl points at a Trackfinity install's /api.`,
    );
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
    this.headers = details.headers;
  }
}
