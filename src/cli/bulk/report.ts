import {
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import type { Flags } from "../args.js";
import { CliUsageError } from "../errors.js";

/** One line of the report: a row's outcome. */
export interface ReportEntry {
  line: number;
  /** The lookup id, under its field name, e.g. `customer_id: "191"`. */
  [lookup: string]: unknown;
  ok: boolean;
  /** The row's fingerprint ({@link fingerprint}): what `--resume` compares with the file. */
  row?: string;
  error?: string;
  status?: number;
  message?: string;
}

// FNV-1a: enough to notice that a line of the file changed, in 4 bytes per line.
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A row's fingerprint: a hash of its fields and values, secret fields left out (a report must not
 * let anyone test guesses of a password), as 8 hex digits.
 */
export function fingerprint(params: Readonly<Record<string, unknown>>, secret: readonly string[]): string {
  const fields = Object.keys(params)
    .filter((field) => params[field] !== undefined && !secret.includes(field))
    .sort()
    .map((field) => `${field}=${String(params[field])}`);
  return hash(fields.join("\n")).toString(16).padStart(8, "0");
}

/** The key that ties a report line without a fingerprint (an older report) to a row: `customer_id=191`. */
export const lookupKey = (field: string, id: string): string => `${field}=${id}`;

/**
 * The rows an earlier run's report marks ok, by line number, each with the row's fingerprint (or,
 * for a report written before fingerprints, its lookup id). Typed arrays keep it at about 5 bytes
 * per line, so a resume over 100,000 rows stays small.
 */
export class ResumeIndex {
  /** 0: not ok; 1: ok, with the row's fingerprint; 2: ok, with its lookup key only. */
  #state = new Uint8Array(1024);
  #ids = new Uint32Array(1024);
  #count = 0;

  /** How many distinct lines are marked ok. */
  get size(): number {
    return this.#count;
  }

  /** Marks a line ok, with the row's fingerprint, or else its lookup key. */
  markOk(line: number, row: string | undefined, lookup: string): void {
    if (line >= this.#state.length) {
      let length = this.#state.length;
      while (line >= length) length *= 2;
      const state = new Uint8Array(length);
      state.set(this.#state);
      const ids = new Uint32Array(length);
      ids.set(this.#ids);
      [this.#state, this.#ids] = [state, ids];
    }
    if (this.#state[line] === 0) this.#count++;
    this.#state[line] = row === undefined ? 2 : 1;
    this.#ids[line] = row === undefined ? hash(lookup) : Number.parseInt(row, 16);
  }

  /** Whether the report marks this line ok. */
  isOk(line: number): boolean {
    return (this.#state[line] ?? 0) !== 0;
  }

  /** Whether the ok line was recorded for this same row: same fingerprint (or lookup, for an older report). */
  sameRow(line: number, row: string, lookup: string): boolean {
    return this.#ids[line] === (this.#state[line] === 1 ? Number.parseInt(row, 16) : hash(lookup));
  }
}

/** Reads a report written by an earlier run. A cut-off last line (a crash mid-write) is ignored. */
export async function loadResumeIndex(path: string, lookupFields: readonly string[]): Promise<ResumeIndex> {
  const index = new ResumeIndex();
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  const notReport = (line: number) =>
    new CliUsageError(`--resume ${path}: line ${line} is not a report line; is this a trackfinity report?`);
  let number = 0;
  let broken: number | undefined;
  for await (const text of lines) {
    number++;
    if (text.trim() === "") continue;
    if (broken !== undefined) throw notReport(broken);
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(text);
    } catch {
      broken = number;
      continue;
    }
    const field = lookupFields.find((f) => typeof entry?.[f] === "string");
    const row = typeof entry?.row === "string" && /^[0-9a-f]{8}$/.test(entry.row) ? entry.row : undefined;
    if (typeof entry?.line !== "number" || typeof entry.ok !== "boolean" || (entry.ok && !field)) {
      throw notReport(number);
    }
    if (entry.ok && field) index.markOk(entry.line, row, lookupKey(field, entry[field] as string));
  }
  return index;
}

/**
 * Appends one NDJSON line per row. The lines of the rows that finish in one turn of the event loop
 * are written together, with one synchronous write at the end of that turn (a write per row cost
 * bulk runs a few per cent), and {@link ReportWriter.close} writes what is left, so Ctrl-C or an
 * error loses no finished row.
 */
export class ReportWriter {
  readonly #fd: number;
  /** Lines not written yet; undefined when no write is scheduled. */
  #pending: string | undefined;
  /** A scheduled write that failed: thrown by the next {@link ReportWriter.write} or {@link ReportWriter.close}. */
  #failed: unknown;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Opens a report for appending. A line cut off by a crash is dropped first (its row's outcome is
   * unknown, so the row is sent again), so every later run reads a report of whole lines.
   */
  static open(path: string): ReportWriter {
    const fd = openSync(path, "a+");
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
    return new ReportWriter(fd);
  }

  /** Writes one row's outcome, at the end of this turn of the event loop. */
  write(entry: ReportEntry): void {
    if (this.#failed) throw this.#failed;
    if (this.#pending === undefined) {
      this.#pending = "";
      setImmediate(() => {
        try {
          this.#flush();
        } catch (error) {
          this.#failed = error;
        }
      });
    }
    this.#pending += `${JSON.stringify(entry)}\n`;
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    try {
      if (this.#failed) throw this.#failed;
      this.#flush();
    } finally {
      closeSync(this.#fd);
    }
  }

  #flush(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) writeSync(this.#fd, pending);
  }
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

async function checkAccess(path: string, mode: number, flag: string, what: string): Promise<void> {
  try {
    await access(path, mode);
  } catch (error) {
    throw new CliUsageError(
      `${flag} ${path}: cannot ${what} it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
}

/** Size and modification time of the input: a change between the two passes means the file is still being written. */
export async function inputStamp(path: string): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new CliUsageError(
      `--from ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
  if (!info.isFile()) throw new CliUsageError(`--from ${path}: not a regular file.`);
  await checkAccess(path, constants.R_OK, "--from", "read");
  return `${info.size}:${info.mtimeMs}`;
}

/** Checks --report, --resume and --dry-run against each other and the disk: which report to write, which to resume. */
export async function reportPaths(
  flags: Flags,
): Promise<{ path: string | undefined; resume: string | undefined }> {
  const report = flags.string("report");
  const resume = flags.string("resume");
  if (flags.boolean("dry-run") && report !== undefined) {
    throw new CliUsageError(
      "--dry-run writes no report; drop --report (--resume is allowed, to count what is left).",
    );
  }
  if (report !== undefined && resume !== undefined && report !== resume) {
    throw new CliUsageError("--resume FILE continues FILE itself; drop --report or give it the same file.");
  }
  if (resume !== undefined) {
    if ((await fileSize(resume)) === undefined) {
      throw new CliUsageError(
        `--resume ${resume}: no such report. To start a new run, use --report ${resume}.`,
      );
    }
    if (flags.boolean("dry-run")) return { path: undefined, resume };
    await checkAccess(resume, constants.W_OK, "--resume", "write");
    return { path: resume, resume };
  }
  if (report !== undefined && ((await fileSize(report)) ?? 0) > 0) {
    throw new CliUsageError(
      `--report ${report} already exists. Continue that run with --resume ${report}, or choose a new file.`,
    );
  }
  if (report !== undefined) {
    await checkAccess(
      (await fileSize(report)) === undefined ? dirname(report) : report,
      constants.W_OK,
      "--report",
      "write",
    );
  }
  return { path: report, resume: undefined };
}
