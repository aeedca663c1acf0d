import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  type Stats,
  statSync,
  writeSync,
} from "node:fs";
import { CliUsageError, ResultsNotWrittenError } from "../errors.js";
import type { ReportEntry } from "./report.js";

/** A system error in a few words: `ENOSPC: no space left on device`, without the call's name; else its code. */
export function systemReason(error: unknown): string {
  const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
  if (code && message?.startsWith(`${code}: `)) return message.replace(/, \w+(?: '[^']*')?$/, "");
  return code ?? message ?? String(error);
}

/** Drops a line cut off by a crash, so every later run reads a report of whole lines. */
function dropCutOffLine(fd: number): void {
  const size = fstatSync(fd).size;
  const chunk = Buffer.alloc(64 * 1024);
  let end = size;
  // Walk back to the last line break: everything after it is the cut-off line.
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const read = readSync(fd, chunk, 0, end - start, start);
    const at = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (at !== -1) {
      end = start + at + 1;
      break;
    }
    end = start;
  }
  if (end < size) ftruncateSync(fd, end);
}

/**
 * Opens a FIFO for writing only if a process reads it: a write to a FIFO nobody reads would block
 * the whole run, Ctrl-C included. The first open does not wait (it fails instead); the second,
 * made while the first holds the FIFO, cannot wait, and the reader sees no end of file between.
 */
function openFifo(path: string): number {
  let probe: number;
  try {
    probe = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw error;
    throw new CliUsageError(`--report ${path}: no process reads this FIFO; start its reader first.`);
  }
  try {
    return openSync(path, "a");
  } finally {
    closeSync(probe);
  }
}

function openReport(path: string): number {
  let info: Stats | undefined;
  try {
    info = statSync(path);
  } catch {
    info = undefined;
  }
  if (info?.isFIFO()) return openFifo(path);
  if (info?.isCharacterDevice()) return openSync(path, "a");
  // A cut-off line is dropped before the first new line is written (its row's outcome is
  // unknown, so the row is sent again).
  const fd = openSync(path, "a+");
  dropCutOffLine(fd);
  return fd;
}

/** Whether two open files are one: the report and standard output, say. */
function sameFile(a: number, b: number): boolean {
  try {
    const [one, two] = [fstatSync(a), fstatSync(b)];
    return one.dev === two.dev && one.ino === two.ino;
  } catch {
    return false;
  }
}

/**
 * Appends one NDJSON line per row. The lines of the rows that finish in one turn of the event loop
 * are written together, with one synchronous write at the end of that turn (a write per row cost
 * bulk runs a few per cent), and {@link ReportWriter.close} writes what is left, so Ctrl-C loses no
 * finished row.
 *
 * A write that fails (a full disk, a reader gone) is never thrown: {@link ReportWriter.failed}
 * aborts with a {@link ResultsNotWrittenError} that names the file and the reason, so the run stops
 * sending, and nothing more is written. The rows whose lines are missing are sent again by `--resume`.
 */
export class ReportWriter {
  readonly #path: string;
  readonly #fd: number;
  readonly #failed = new AbortController();
  /** Lines not written yet; undefined when no write is scheduled. */
  #pending: string[] | undefined;
  #missing = 0;
  /** Whether the report is standard output's file (`--report /dev/stdout`). */
  readonly isStdout: boolean;

  private constructor(path: string, fd: number) {
    this.#path = path;
    this.#fd = fd;
    this.isStdout = sameFile(fd, 1);
  }

  /**
   * Opens a report for appending: a file (a line cut off by a crash is dropped first), a device,
   * or a FIFO that a process reads. Throws {@link CliUsageError} when it can't be opened; nothing
   * has been sent then.
   */
  static open(path: string): ReportWriter {
    try {
      return new ReportWriter(path, openReport(path));
    } catch (error) {
      if (error instanceof CliUsageError) throw error;
      throw new CliUsageError(`--report ${path}: cannot open it (${systemReason(error)}).`);
    }
  }

  /** Aborts at the first write that fails, with a {@link ResultsNotWrittenError}. */
  get failed(): AbortSignal {
    return this.#failed.signal;
  }

  /** Rows that finished but have no line in the report, because a write failed. */
  get missing(): number {
    return this.#missing;
  }

  /** Writes one row's outcome, at the end of this turn of the event loop. */
  write(entry: ReportEntry): void {
    if (this.#failed.signal.aborted) {
      this.#missing++;
      return;
    }
    if (this.#pending === undefined) {
      this.#pending = [];
      setImmediate(() => this.#flush());
    }
    this.#pending.push(`${JSON.stringify(entry)}\n`);
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.#flush();
    try {
      closeSync(this.#fd);
    } catch (error) {
      // Some file systems report a failed write only at close.
      this.#fail(error);
    }
  }

  #flush(): void {
    const lines = this.#pending ?? [];
    this.#pending = undefined;
    if (!lines.length) return;
    if (this.#failed.signal.aborted) {
      this.#missing += lines.length;
      return;
    }
    const bytes = Buffer.from(lines.join(""));
    let written = 0;
    try {
      // A write may take part of the bytes (a disk filling up); the next one says why it stopped.
      while (written < bytes.length) written += writeSync(this.#fd, bytes, written);
    } catch (error) {
      let whole = 0;
      for (let at = bytes.indexOf(0x0a); at !== -1 && at < written; at = bytes.indexOf(0x0a, at + 1)) whole++;
      this.#missing += lines.length - whole;
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (this.#failed.signal.aborted) return;
    this.#failed.abort(
      new ResultsNotWrittenError(`cannot write the report ${this.#path} (${systemReason(error)})`),
    );
  }
}
