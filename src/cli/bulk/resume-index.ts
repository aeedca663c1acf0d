import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { LOOKUP_FIELDS } from "../../generated/fields.js";
import { CliUsageError } from "../errors.js";

// FNV-1a: enough to notice that a line now names another customer, in 4 bytes per line.
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The rows an earlier run's report marks ok, by line number, each with a hash of its lookup id.
 * Typed arrays keep it at about 5 bytes per line, so a resume over 100,000 rows stays small.
 */
export class ResumeIndex {
  #done = new Uint8Array(1024);
  #ids = new Uint32Array(1024);
  #count = 0;

  /** How many distinct lines are marked ok. */
  get size(): number {
    return this.#count;
  }

  /** Marks a line ok for the given lookup (`customer_id=191`). */
  markOk(line: number, lookupKey: string): void {
    if (line >= this.#done.length) {
      let length = this.#done.length;
      while (line >= length) length *= 2;
      const done = new Uint8Array(length);
      done.set(this.#done);
      const ids = new Uint32Array(length);
      ids.set(this.#ids);
      [this.#done, this.#ids] = [done, ids];
    }
    if (this.#done[line] === 0) this.#count++;
    this.#done[line] = 1;
    this.#ids[line] = hash(lookupKey);
  }

  /** Whether the report marks this line ok. */
  isOk(line: number): boolean {
    return this.#done[line] === 1;
  }

  /** Whether an ok line was recorded for this same lookup (`customer_id=191`). */
  sameLookup(line: number, lookupKey: string): boolean {
    return this.#ids[line] === hash(lookupKey);
  }
}

/** The key that ties a report line to an input row: `customer_id=191`. */
export const lookupKey = (field: string, id: string): string => `${field}=${id}`;

/** Reads a report written by an earlier run. A cut-off last line (a crash mid-write) is ignored. */
export async function loadResumeIndex(path: string): Promise<ResumeIndex> {
  const index = new ResumeIndex();
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let number = 0;
  let broken: number | undefined;
  for await (const text of lines) {
    number++;
    if (text.trim() === "") continue;
    if (broken !== undefined) {
      throw new CliUsageError(
        `--resume ${path}: line ${broken} is not a report line; is this a trackfinity report?`,
      );
    }
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(text);
    } catch {
      broken = number;
      continue;
    }
    const field = LOOKUP_FIELDS.find((f) => typeof entry?.[f] === "string");
    if (typeof entry?.line !== "number" || typeof entry.ok !== "boolean" || (entry.ok && !field)) {
      throw new CliUsageError(
        `--resume ${path}: line ${number} is not a report line; is this a trackfinity report?`,
      );
    }
    if (entry.ok && field) index.markOk(entry.line, lookupKey(field, entry[field] as string));
  }
  return index;
}
