import type { ResponseDetails } from "./api-errors.js";
import { TrackfinityError } from "./trackfinity-error.js";

/**
 * The server answered 2xx, but its body is the vendor's failure envelope
 * (`{"result":"error","message":"…"}`, `error` in any case): it refused the request. `reason` is
 * the vendor's message (e.g. `*error* - Void transaction exists.`). Its `kind` is `refused`, and it
 * is never retried: a resent void, say, answers the same.
 */
export class TrackfinityRefusalError extends TrackfinityError implements ResponseDetails {
  override name = "TrackfinityRefusalError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: number;
  declare readonly body: string;
  declare readonly headers: Headers;

  /**
   * @param details what the server answered (its body redacted)
   * @param reason the vendor's message, as the failure envelope carries it
   */
  constructor(
    details: ResponseDetails,
    readonly reason: string,
  ) {
    super(`Trackfinity refused ${details.method} ${details.url} (${details.status}): ${reason}`, "refused");
    Object.assign(this, details);
  }
}
