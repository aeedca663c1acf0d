import type { ErrorKind } from "./error-kind.js";

/** Base class of every error this package throws: `catch (e) { if (e instanceof TrackfinityError) … }`. */
export class TrackfinityError extends Error {
  override name = "TrackfinityError";
  /** What the failure means and what to do about it: see {@link ErrorKind}. */
  readonly kind: ErrorKind;

  constructor(message: string, kind: ErrorKind, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}
