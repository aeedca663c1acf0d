import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

/** One line of the report: a row's outcome. */
export interface ReportEntry {
  line: number;
  /** The lookup id, under its field name, e.g. `customer_id: "191"`. */
  [lookup: string]: unknown;
  ok: boolean;
  error?: string;
  status?: number;
  message?: string;
}

/**
 * Appends one NDJSON line per row. Each line is written with a synchronous write as soon as the
 * row finishes, so a crash or Ctrl-C loses no finished row.
 */
export class ReportWriter {
  readonly #fd: number;
  readonly path: string;

  private constructor(fd: number, path: string) {
    this.#fd = fd;
    this.path = path;
  }

  /** Opens a report for appending; a cut-off last line from a crash is ended first, so lines never merge. */
  static open(path: string): ReportWriter {
    const fd = openSync(path, "a+");
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(fd, "\n");
    }
    return new ReportWriter(fd, path);
  }

  /** Writes one row's outcome. */
  write(entry: ReportEntry): void {
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.#fd);
  }
}
