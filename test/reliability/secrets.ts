import { inspect } from "node:util";

/**
 * The API key every reliability test uses: 32 hex digits like Trackfinity's own keys, so no
 * encoding a server might apply (JSON, URL, HTML) changes how it reads.
 */
export const SENTINEL_API_KEY = "5e4717e1c0ffee0ddba11ca7deadbeef";
export const API_USERNAME = "reliability-tester";

/** How many observable texts have been checked in this test file (so a check cannot pass vacuously). */
export const secretChecks = { texts: 0 };

const LEVELS = ["trace", "debug", "info", "log", "warn", "error", "fatal"] as const;
type Level = (typeof LEVELS)[number];

/** A logger with every common level, recording each line; pass it as the client's `logger`. */
export function recordingLogger(): {
  logger: Record<Level, (message: string) => void>;
  lines: Array<{ level: Level; message: string }>;
} {
  const lines: Array<{ level: Level; message: string }> = [];
  const logger = Object.fromEntries(
    LEVELS.map((level) => [
      level,
      (message: string) => {
        lines.push({ level, message: String(message) });
      },
    ]),
  ) as Record<Level, (message: string) => void>;
  return { logger, lines };
}

function attempt(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `<rendering threw ${String(error)}>`;
  }
}

/**
 * Every way a caller or a log pipeline could render `value`: message, stack, `String()`,
 * `util.inspect` (hidden fields, whole cause chain), `JSON.stringify`, and each own property
 * (response headers as entries).
 */
export function renderings(value: unknown): string[] {
  const texts = [
    attempt(() => String(value)),
    attempt(() => inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true })),
    attempt(() => JSON.stringify(value) ?? ""),
  ];
  if (value instanceof Error) {
    texts.push(
      attempt(() => value.message),
      attempt(() => value.stack ?? ""),
    );
    for (const key of Reflect.ownKeys(value)) {
      const field = (value as unknown as Record<PropertyKey, unknown>)[key];
      texts.push(
        attempt(() =>
          field instanceof Headers
            ? JSON.stringify([...field])
            : inspect(field, { depth: Number.POSITIVE_INFINITY }),
        ),
      );
    }
    if (value.cause !== undefined) texts.push(...renderings(value.cause));
  }
  return texts;
}

/** Fails, naming where, if the sentinel key appears in any rendering of any of `values` (strings are taken as they are). */
export function expectNoSecret(label: string, ...values: unknown[]): void {
  for (const value of values) {
    const texts = typeof value === "string" ? [value] : renderings(value);
    secretChecks.texts += texts.length;
    const leaked = texts.find((text) => text.includes(SENTINEL_API_KEY));
    if (leaked !== undefined) {
      throw new Error(`${label}: the API key appears in ${leaked.slice(0, 2_000)}`);
    }
  }
}

/** The longest prefix of the key (at least `min` characters) that `text` contains, if any. */
export function keyFragmentIn(text: string, min = 8): string | undefined {
  for (let length = SENTINEL_API_KEY.length; length >= min; length--) {
    const fragment = SENTINEL_API_KEY.slice(0, length);
    if (text.includes(fragment)) return fragment;
  }
  return undefined;
}
