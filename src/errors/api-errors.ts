import { TrackfinityError } from "./trackfinity-error.js";

/** What the server answered, as kept on an error. */
export interface ResponseDetails {
  /** HTTP method of the request, always `PATCH` here. */
  method: string;
  /** The URL that was called (never with credentials). */
  url: string;
  /** HTTP status code. */
  status: number;
  /** Response body as text (at most the first 64 KiB), with the API key redacted should the server echo it. */
  body: string;
  /** Response headers, with the API key redacted should the server echo it. */
  headers: Headers;
}

function describe({ method, url, status, body }: ResponseDetails): string {
  return `${method} ${url} (${status}): ${body.trim().replace(/\s+/g, " ").slice(0, 300)}`;
}

/**
 * The server answered with a non-2xx status: `status`, `body` and `headers` say what it answered.
 * A 3xx is a redirect, never followed so the credentials stay with `baseUrl`'s origin; 408, 429
 * and 5xx arrive here after all retries. Branch on `status`: 400, 401/403, 404 and 405 are the
 * ones Trackfinity documents.
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

  constructor(details: ResponseDetails, retryAfterMs?: number) {
    const s = details.status;
    const hint =
      s < 400
        ? ` Not followed: set baseUrl to ${details.headers.get("location")}'s API root.`
        : s === 401 || s === 403
          ? " Check apiKey, apiUsername and the install's API IP allow-list."
          : "";
    super(`Trackfinity rejected ${describe(details)}.${hint}`);
    Object.assign(this, details, { retryAfterMs });
  }
}

/** The server answered 2xx, but not with the JSON value `true` (e.g. `false`, HTML, malformed JSON). */
export class TrackfinityUnexpectedResponseError extends TrackfinityError implements ResponseDetails {
  override name = "TrackfinityUnexpectedResponseError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: number;
  declare readonly body: string;
  declare readonly headers: Headers;

  constructor(details: ResponseDetails, why = "expected true") {
    super(`Trackfinity answered ${describe(details)}: ${why}.`);
    Object.assign(this, details);
  }
}
