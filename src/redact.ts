/** What replaces a secret in anything kept or printed. */
export const REDACTED = "[redacted]";

/** Secrets at least this long are blanked wherever they appear; shorter ones only as a whole word. */
const BLANKED_ANYWHERE = 8;

/**
 * Around a short secret: no letter, digit, `_` or `-` (inside a word or a flag: `trackfinity`,
 * `api-key`), no `/`, `\` or `.` before it, and no `/`, `\` or `.` and a letter after it (a path or
 * a file name: `/tmp/k.csv`), so that a test key such as `k` garbles none of them. A full stop that
 * ends a sentence does not protect it.
 */
const NOT_AFTER = "(?<![\\w./\\\\-])";
const NOT_BEFORE = "(?![\\w/\\\\-]|\\.\\w)";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const hex = (code: number, digits: number) => code.toString(16).padStart(digits, "0");
const upperHex = (text: string) => text.replace(/[a-f]/g, (digit) => digit.toUpperCase());

/**
 * Every way a server may write `char` back, longest first: as sent; URL-encoded (its UTF-8 bytes
 * as `%xx`, in either case, and `+` for a space, as in a form body); JSON-escaped (`\"`, `\\`, `\/`
 * as PHP writes a slash, `\u00e9` in either case). A server that echoes a form body, or quotes a
 * header in JSON, thus never shows a secret in a form the redactor does not know.
 */
function formsOf(char: string): string[] {
  const percent = [...new TextEncoder().encode(char)].map((byte) => `%${hex(byte, 2)}`).join("");
  const unicode = char
    .split("")
    .map((unit) => `\\u${hex(unit.charCodeAt(0), 4)}`)
    .join("");
  const forms = [
    char,
    JSON.stringify(char).slice(1, -1),
    percent,
    upperHex(percent),
    unicode,
    upperHex(unicode),
  ];
  if (char === " ") forms.push("+");
  if (char === "/") forms.push("\\/");
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** What redacts `secrets`, and the most characters one of them can take in any of its forms. */
export interface Redaction {
  redact(text: string): string;
  /** A text cut short may end in part of a secret: cutting this many more characters drops it. */
  longest: number;
}

/** The redaction of `secrets`: see {@link createRedactor}. */
export function redactionOf(secrets: Iterable<string | undefined>): Redaction {
  // Longest first, so a secret that contains another is replaced whole (a repeated one does no harm).
  const list = [...secrets]
    .filter((s): s is string => typeof s === "string" && s !== "")
    .sort((a, b) => b.length - a.length);
  if (!list.length) return { redact: (text) => text, longest: 0 };
  let longest = 0;
  const patterns = list.map((secret) => {
    // One group per character, so that a secret written half raw, half escaped is found too.
    const chars = Array.from(secret, formsOf);
    longest = Math.max(
      longest,
      chars.reduce((sum, forms) => sum + (forms[0] as string).length, 0),
    );
    const body = chars.map((forms) => `(?:${forms.map(escapeRegExp).join("|")})`).join("");
    return secret.length >= BLANKED_ANYWHERE ? body : NOT_AFTER + body + NOT_BEFORE;
  });
  const pattern = new RegExp(patterns.join("|"), "g");
  return { redact: (text) => text.replace(pattern, REDACTED), longest };
}

/**
 * Returns a function that replaces each secret in a text with `[redacted]`, in one pass, so that
 * the output never reveals a secret and redacting never garbles text that merely contains one.
 * Each secret is found as sent and as a server may echo it: URL-encoded (`+` or `%20` for a space,
 * hex digits in either case) and JSON-escaped (`\"`, `\\`, `\/`, `\u00e9`). A secret of 8
 * characters or more is blanked wherever it appears (a server may echo a key inside other text); a
 * shorter one, such as a test key `k`, only where it stands alone as a word (not inside
 * `trackfinity`, `api-key` or a file name such as `/tmp/k.csv`). Redacting never changes an
 * outcome: the client judges an answer on what the server sent and redacts only what it keeps on
 * an error.
 *
 * @example
 * const redact = createRedactor([process.env.TRACKFINITY_API_KEY]);
 * logger.info(redact(text));
 */
export function createRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  return redactionOf(secrets).redact;
}
