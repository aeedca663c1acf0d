import { SECRET_FIELDS } from "../generated/operation-data.js";
import type { ParamsOperationId } from "../index.js";
import type { Flags } from "./args.js";
import { stdinFlagFor } from "./commands.js";
import { CliUsageError } from "./errors.js";

const MAX_BYTES = 64 * 1024;

async function readAll(stdin: NodeJS.ReadableStream, flag: string, field: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_BYTES) throw new CliUsageError(`${flag}: standard input is larger than 64 KiB.`);
    chunks.push(buffer);
  }
  const value = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (value === "") throw new CliUsageError(`${flag}: standard input was empty; pipe the ${field} in.`);
  if (/[\r\n]/.test(value)) {
    throw new CliUsageError(`${flag}: standard input has more than one line; pipe exactly one ${field}.`);
  }
  return value;
}

/**
 * Reads the secret field whose `--FIELD-stdin` flag was given (e.g. `--password-stdin`) from
 * standard input: everything up to EOF, less one trailing line break (so `echo "$PW" |` works).
 * Throws {@link CliUsageError} when it is empty, or when two such flags would share one stdin.
 */
export async function readSecretsFromStdin(
  id: ParamsOperationId,
  flags: Flags,
  stdin: NodeJS.ReadableStream,
  signal: AbortSignal,
): Promise<Record<string, string>> {
  const wanted = SECRET_FIELDS[id].filter((field) => flags.boolean(stdinFlagFor(field)));
  const [field, second] = wanted;
  if (second) {
    throw new CliUsageError(
      `Standard input holds one value: pass only one of ${wanted.map((f) => `--${stdinFlagFor(f)}`).join(", ")}.`,
    );
  }
  if (!field) return {};
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return { [field]: await Promise.race([readAll(stdin, `--${stdinFlagFor(field)}`, field), aborted]) };
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
