import { readCsvRows } from "./csv-rows.js";
import type { InputFormat } from "./input-format.js";
import { readNdjsonRows } from "./ndjson-rows.js";

/** One row of an input file: its record, or why it could not be read. `line` is where it starts (1-based). */
export type RowEvent =
  | { line: number; record: Readonly<Record<string, unknown>>; problem?: undefined }
  | { line: number; record?: undefined; problem: string };

/** Streams the rows of an input file; memory does not grow with the file. */
export function readRows(path: string, format: InputFormat): AsyncGenerator<RowEvent> {
  return format === "csv" ? readCsvRows(path) : readNdjsonRows(path);
}
