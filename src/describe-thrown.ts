/**
 * The message of whatever a caller's getter, Proxy trap or logger threw, for a validation issue.
 * Never throws itself: the thrown value may be anything, a revoked Proxy included.
 */
export function describeThrown(error: unknown): string {
  try {
    return String((error as Error).message ?? error);
  } catch {
    return "it threw";
  }
}
