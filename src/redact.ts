/** What replaces a secret in anything kept or printed. */
export const REDACTED = "[redacted]";

/** Secrets at least this long are blanked wherever they appear; shorter ones only as a whole word. */
const BLANKED_ANYWHERE = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Returns a function that replaces each secret in a text with `[redacted]`, in one pass, so that
 * the output never reveals a secret and redacting never garbles text that merely contains one:
 * a secret of 8 characters or more is blanked wherever it appears (a server may echo a key inside
 * other text); a shorter one, such as a test key `k`, only where it stands as a whole word
 * (not inside `trackfinity` or `api-key`). Redacting never changes an outcome: the client judges
 * an answer on what the server sent and redacts only what it keeps on an error.
 *
 * @example
 * const redact = createRedactor([process.env.TRACKFINITY_API_KEY]);
 * logger.info(redact(text));
 */
export function createRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole (a repeated one does no harm).
  const list = [...secrets]
    .filter((s): s is string => typeof s === "string" && s !== "")
    .sort((a, b) => b.length - a.length);
  if (!list.length) return (text) => text;
  const pattern = new RegExp(
    list
      .map((s) =>
        s.length >= BLANKED_ANYWHERE ? escapeRegExp(s) : `(?<![\\w-])${escapeRegExp(s)}(?![\\w-])`,
      )
      .join("|"),
    "g",
  );
  return (text) => text.replace(pattern, REDACTED);
}
