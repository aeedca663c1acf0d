/** The streams and environment a CLI run uses; `process` in production. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** Writes text and JSON to stdout/stderr, with every known secret redacted. */
export class Output {
  readonly #io: CliIo;
  #redact: (text: string) => string;
  /** `--json`: machine-readable output on stdout. */
  readonly json: boolean;

  constructor(io: CliIo, redact: (text: string) => string, json: boolean) {
    this.#io = io;
    this.#redact = redact;
    this.json = json;
  }

  /** Adds secrets learnt later (e.g. a password read from stdin) to the redaction. */
  setRedactor(redact: (text: string) => string): void {
    this.#redact = redact;
  }

  /** Redacts known secrets from text. */
  redact(text: string): string {
    return this.#redact(text);
  }

  /** One line (or block) of text on stdout. */
  out(text: string): void {
    this.#io.stdout.write(`${this.#redact(text)}\n`);
  }

  /** One line (or block) of text on stderr. */
  err(text: string): void {
    this.#io.stderr.write(`${this.#redact(text)}\n`);
  }

  /** One JSON value on its own line on stdout. */
  data(value: unknown): void {
    // Strings are redacted before encoding too: JSON escapes would hide a key containing `"` or `\`.
    this.out(JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? this.#redact(v) : v)));
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
