/** Base class of every error this package throws: `catch (e) { if (e instanceof TrackfinityError) … }`. */
export class TrackfinityError extends Error {
  override name = "TrackfinityError";
}
