import { extname } from "node:path";
import { pipeline, Readable } from "node:stream";
import { type CsvError, type Info, parse } from "csv-parse";
import { suggestName } from "../args.js";
import { CliUsageError } from "../errors.js";
import { plural } from "../words.js";
import { type InputEncoding, readText, UndecodableInputError } from "./decode-input.js";
import { linesOf } from "./text-lines.js";

/** The formats `--from` reads. */
export type InputFormat = "csv" | "ndjson";

/**
 * One row of an input file: its record, or why it could not be read, with the line it starts on
 * (1-based). `fatal` marks a problem with the whole file (a bad CSV header): no row after it is read.
 */
export type RowEvent =
  | { line: number; record: Readonly<Record<string, unknown>>; problem?: undefined }
  | {
      line: number;
      record?: undefined;
      problem: string;
      fatal?: boolean;
      /** Lines an unclosed quote joined into this unreadable record: each counts as a row. */
      lines?: number;
    };

const BY_EXTENSION: Record<string, InputFormat> = { ".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson" };
/**
 * A record larger than this is refused, so an unclosed quote, or an NDJSON line without end, cannot
 * swallow the whole file into memory.
 */
const MAX_RECORD_BYTES = 1024 * 1024;

/** A file that is not text in its encoding can't be read as a whole: the first line that is not. */
function undecodable(error: unknown): RowEvent {
  if (!(error instanceof UndecodableInputError)) throw error;
  return { line: error.line, problem: error.message, fatal: true };
}

/** The input format: `--format` if given, else from the file's extension. */
export function inputFormatFor(path: string, flag: string | undefined): InputFormat {
  if (flag !== undefined) {
    if (flag === "csv" || flag === "ndjson") return flag;
    throw new CliUsageError(`--format must be csv or ndjson, got "${flag}".`);
  }
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (format) return format;
  throw new CliUsageError(
    `Cannot tell the format of ${path} from its extension; pass --format csv or --format ndjson.`,
  );
}

function headerProblems(header: readonly string[], fields: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (seen.has(name)) problems.push(`column ${i + 1} "${name}" appears twice`);
    seen.add(name);
    if (fields.includes(name)) return;
    const suggestion = suggestName(name, fields);
    problems.push(
      `column ${i + 1} "${name}" is not a field; ${suggestion ? `did you mean ${suggestion}?` : `known fields: ${fields.join(", ")}`}`,
    );
  });
  return problems;
}

/**
 * Streams a CSV file with a header row of field names. An empty cell leaves that field out of the
 * row. Rows are yielded with the line they start on; malformed rows as problems.
 */
async function* readCsvRows(
  path: string,
  fields: readonly string[],
  encoding: InputEncoding,
): AsyncGenerator<RowEvent> {
  // The end line of the last record read, kept as the parser goes (the iterator below may lag
  // behind): a malformed record starts on the line after it.
  let lastEnd = 0;
  // The parser ends with the text's error (input that is not UTF-8), which the loop below reads.
  const parser = pipeline(
    Readable.from(readText(path, encoding)),
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (record, { lines }) => {
        lastEnd = lines;
        return record;
      },
    }),
    () => {},
  );
  // csv-parse reports a malformed record as a "skip" event; keep them to yield in line order.
  const skipped: Array<RowEvent & { problem: string }> = [];
  parser.on("skip", (error: CsvError) => {
    const end = Math.max(Number(error.lines) || 0, lastEnd + 1);
    const start = lastEnd + 1;
    // A second error about the same broken record (an unclosed quote found at the end) replaces the first.
    if ((skipped.at(-1)?.line ?? 0) >= start) skipped.pop();
    const span =
      end > start ? `; an unclosed quote joins lines ${start}-${end}, so none of them was read` : "";
    skipped.push({ line: start, lines: end - start + 1, problem: `not valid CSV (${error.message})${span}` });
  });
  const flushUpTo = function* (line: number) {
    while (skipped.length && (skipped[0]?.line ?? 0) <= line) yield skipped.shift() as RowEvent;
  };

  let header: string[] | undefined;
  let previousEnd = 0;
  let previousEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
      previousEnd = info.lines;
      previousEmpty = info.empty_lines;
      yield* flushUpTo(line);
      if (!header) {
        header = record;
        const problems = headerProblems(header, fields);
        if (problems.length) {
          yield { line, problem: `bad header row: ${problems.join("; ")}`, fatal: true };
          return;
        }
        continue;
      }
      if (record.length !== header.length) {
        yield {
          line,
          problem: `has ${plural(record.length, "cell")}, but the header row has ${header.length}`,
        };
        continue;
      }
      const entries: Array<[string, string]> = [];
      record.forEach((cell, i) => {
        if (cell !== "") entries.push([header?.[i] ?? "", cell]);
      });
      yield { line, record: Object.fromEntries(entries) };
    }
    yield* flushUpTo(Number.POSITIVE_INFINITY);
    if (!header) {
      yield { line: 1, problem: "the file is empty; expected a header row of field names", fatal: true };
    }
  } catch (error) {
    yield undecodable(error);
  } finally {
    parser.destroy();
  }
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** Streams an NDJSON file: one JSON object per line; blank lines are skipped. */
async function* readNdjsonRows(
  path: string,
  fields: readonly string[],
  encoding: InputEncoding,
): AsyncGenerator<RowEvent> {
  const example = JSON.stringify({ [fields[0] ?? "id"]: "191" });
  try {
    for await (const { line, text } of linesOf(readText(path, encoding), MAX_RECORD_BYTES)) {
      if (text === undefined) {
        yield { line, problem: "is longer than 1 MiB, the most one row may take; it was not read" };
        continue;
      }
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { line, problem: `not valid JSON (${error instanceof Error ? error.message : "?"})` };
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        yield { line, problem: `expected a JSON object like ${example}, got ${kindOf(value)}` };
        continue;
      }
      yield { line, record: value as Record<string, unknown> };
    }
  } catch (error) {
    yield undecodable(error);
  }
}

/**
 * Streams the rows of an input file in its encoding, checking CSV headers against `fields`; memory
 * does not grow with the file.
 */
export function readRows(
  path: string,
  format: InputFormat,
  fields: readonly string[],
  encoding: InputEncoding,
): AsyncGenerator<RowEvent> {
  return format === "csv" ? readCsvRows(path, fields, encoding) : readNdjsonRows(path, fields, encoding);
}
