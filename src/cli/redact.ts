/** What replaces a secret in anything the CLI prints or writes. */
export const REDACTED = "[redacted]";

/** Returns a function that replaces every occurrence of each non-empty secret with {@link REDACTED}. */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const list = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s !== ""))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => list.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
}

/** The `--api-key` value in raw argv, found even when the rest of the command line does not parse. */
export function apiKeyInArgv(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === "--api-key") found = argv[i + 1] ?? found;
    else if (arg.startsWith("--api-key=")) found = arg.slice("--api-key=".length);
  });
  return found;
}
