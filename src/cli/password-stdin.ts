import { CliUsageError } from "./errors.js";

const MAX_BYTES = 64 * 1024;

/**
 * Reads a new password from standard input for `--password-stdin`: everything up to EOF,
 * less one trailing line break (so `echo "$PW" |` works). Throws {@link CliUsageError} when empty.
 */
export async function readPasswordFromStdin(
  stdin: NodeJS.ReadableStream,
  signal: AbortSignal,
): Promise<string> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([readAll(stdin), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_BYTES) throw new CliUsageError("--password-stdin: standard input is larger than 64 KiB.");
    chunks.push(buffer);
  }
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (password === "") {
    throw new CliUsageError("--password-stdin: standard input was empty; pipe the new password in.");
  }
  if (/[\r\n]/.test(password)) {
    throw new CliUsageError(
      "--password-stdin: standard input has more than one line; pipe exactly one password.",
    );
  }
  return password;
}
