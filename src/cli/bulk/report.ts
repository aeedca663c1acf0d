import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
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
