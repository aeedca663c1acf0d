import { createReadStream } from "node:fs";
import { type CsvError, type Info, parse } from "csv-parse";
import { DETAIL_FIELDS, LOOKUP_FIELDS } from "../../generated/fields.js";
import { suggestField } from "../suggest-field.js";
import type { RowEvent } from "./input-rows.js";

const FIELDS: readonly string[] = [...LOOKUP_FIELDS, ...DETAIL_FIELDS];
/** A record larger than this is refused, so an unclosed quote cannot swallow the whole file into memory. */
const MAX_RECORD_BYTES = 1024 * 1024;

function headerProblems(header: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (seen.has(name)) problems.push(`column ${i + 1} "${name}" appears twice`);
    seen.add(name);
    if (FIELDS.includes(name)) return;
    const suggestion = suggestField(name, FIELDS);
    problems.push(
      `column ${i + 1} "${name}" is not a field; ${suggestion ? `did you mean ${suggestion}?` : `known fields: ${FIELDS.join(", ")}`}`,
    );
  });
  return problems;
}

/**
 * Streams a CSV file with a header row of field names. An empty cell leaves that field out of the
 * row's update. Rows are yielded with the line they start on; malformed rows as problems.
 */
export async function* readCsvRows(path: string): AsyncGenerator<RowEvent> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  // csv-parse reports a malformed record as a "skip" event; keep them to yield in line order.
  const skipped: RowEvent[] = [];
  parser.on("skip", (error: CsvError) => {
    skipped.push({ line: Number(error.lines) || 0, problem: `not valid CSV (${error.message})` });
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
        const problems = headerProblems(header);
        if (problems.length) {
          yield { line, problem: `bad header row: ${problems.join("; ")}` };
          return;
        }
        continue;
      }
      if (record.length !== header.length) {
        yield { line, problem: `has ${record.length} cells, but the header row has ${header.length}` };
        continue;
      }
      const entries: Array<[string, string]> = [];
      record.forEach((cell, i) => {
        if (cell !== "") entries.push([header?.[i] ?? "", cell]);
      });
      yield { line, record: Object.fromEntries(entries) };
    }
    yield* flushUpTo(Number.POSITIVE_INFINITY);
    if (!header) yield { line: 1, problem: "the file is empty; expected a header row of field names" };
  } finally {
    parser.destroy();
  }
}
