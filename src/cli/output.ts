import { createRedactor } from "../index.js";

/** The streams and environment a CLI run uses; `process` in production. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborts at the first write to stdout that fails (its reader went away): nothing more reaches it. */
  stdoutFailed: AbortSignal;
  /** Aborts at the first write to stderr that fails. */
  stderrFailed: AbortSignal;
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

/** Writes text and JSON to stdout/stderr, with every known secret redacted, once. */
export class Output {
  readonly #io: CliIo;
  readonly #secrets: Set<string>;
  #redact: (text: string) => string;
  #diverted: ((line: string) => void) | undefined;
  #reportOnStdout = false;
  /** `--json`: machine-readable output on stdout. */
  readonly json: boolean;

  constructor(io: CliIo, secrets: Iterable<string | undefined>, json: boolean) {
    this.#io = io;
    this.#secrets = new Set([...secrets].filter((s): s is string => !!s));
    this.#redact = createRedactor(this.#secrets);
    this.json = json;
  }

  /** Adds secrets learnt later (e.g. a password read from stdin) to the redaction. */
  addSecrets(secrets: Iterable<string | undefined>): void {
    for (const secret of secrets) if (secret) this.#secrets.add(secret);
    this.#redact = createRedactor(this.#secrets);
  }

  /** The secrets known so far, e.g. to redact one row's message with that row's password too. */
  get secrets(): ReadonlySet<string> {
    return this.#secrets;
  }

  /** Redacts known secrets from text. */
  redact(text: string): string {
    return this.#redact(text);
  }

  /** One line (or block) of text on stdout. */
  out(text: string): void {
    this.#toStdout(`${this.#redact(text)}\n`);
  }

  /**
   * Lines of records on stdout, written at once, each already redacted by its writer (a value
   * before it is encoded, see {@link data}); resolves when stdout can take more, so a long report
   * never piles up in memory ahead of a slow reader.
   */
  async records(lines: readonly string[]): Promise<void> {
    const { stdout, stdoutFailed } = this.#io;
    if (!lines.length || stdoutFailed.aborted) return;
    if (stdout.write(`${lines.join("\n")}\n`)) return;
    // A reader that goes away never drains.
    await new Promise<void>((resolve) => {
      const done = () => {
        stdout.off("drain", done);
        stdoutFailed.removeEventListener("abort", done);
        resolve();
      };
      stdout.once("drain", done);
      stdoutFailed.addEventListener("abort", done, { once: true });
    });
  }

  /** One line (or block) of text on stderr, or to where {@link divert} sends it. */
  err(text: string): void {
    if (this.#diverted) this.#diverted(this.#redact(text));
    else this.#toStderr(`${this.#redact(text)}\n`);
  }

  /** Sends stderr lines to `to` (a progress bar draws them above itself), or back to stderr. */
  divert(to: ((line: string) => void) | undefined): void {
    this.#diverted = to;
  }

  /** One JSON value on its own line on stdout, each string redacted before encoding. */
  data(value: unknown): void {
    // Each string once, before encoding: a second pass over the encoded text could redact inside
    // what the first one wrote.
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? this.#redact(v) : v));
    this.#toStdout(`${text}\n`);
  }

  /**
   * The report goes to standard output (`--report /dev/stdout`): from now on {@link out} and
   * {@link data} write to stderr, so nothing but report lines lands in it.
   */
  giveStdoutToReport(): void {
    this.#reportOnStdout = true;
  }

  /** Aborts once stdout can take no more: its reader went away. */
  get stdoutFailed(): AbortSignal {
    return this.#io.stdoutFailed;
  }

  #toStdout(text: string): void {
    if (this.#reportOnStdout) this.#toStderr(text);
    else if (!this.#io.stdoutFailed.aborted) this.#io.stdout.write(text);
  }

  #toStderr(text: string): void {
    if (!this.#io.stderrFailed.aborted) this.#io.stderr.write(text);
  }

  /** Whether stderr is a terminal (progress bar) or a pipe/file (plain lines). */
  get stderrIsTTY(): boolean {
    return this.#io.stderr.isTTY === true;
  }

  /** The raw stderr stream, for the progress bar (which writes no secrets). */
  get stderrStream(): NodeJS.WritableStream {
    return this.#io.stderr;
  }
}
