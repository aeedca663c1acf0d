import type { OperationId } from "../generated/operation-data.js";
import type { ReportPage } from "../index.js";
import type { Flags } from "./args.js";
import { type CommandSpec, takesParams } from "./commands.js";
import { CliUsageError } from "./errors.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import type { Output } from "./output.js";
import { checkParams, paramsFromFlags } from "./params.js";
import { clientOptionsFrom, createClientFromFlags, pagesOf, type RunContext } from "./settings.js";
import { plural } from "./words.js";

/** The records of a page, one by one: a list's items, or an object's records with their key as `_key`. */
function recordsOf(page: ReportPage): unknown[] {
  if (Array.isArray(page.records)) return page.records;
  return Object.entries(page.records).map(([key, record]) =>
    typeof record === "object" && record !== null && !Array.isArray(record)
      ? { _key: key, ...record }
      : { _key: key, value: record },
  );
}

/** A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvCell(value: unknown): string {
  let text = "";
  if (typeof value === "string") text = value;
  else if (value !== undefined && value !== null)
    text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes records as CSV: a header from the first page's fields, then a line per record. */
function csvWriter(output: Output) {
  let columns: string[] | undefined;
  return (records: unknown[], offset: number): string[] => {
    const rows = records.map((record) =>
      typeof record === "object" && record !== null ? (record as Record<string, unknown>) : { value: record },
    );
    const lines: string[] = [];
    if (!columns) {
      columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
      lines.push(columns.map(csvCell).join(","));
    }
    const known = columns;
    for (const row of rows) {
      const extra = Object.keys(row).find((name) => !known.includes(name));
      if (extra !== undefined) {
        // A column the header lacks would be lost: stop rather than drop it silently.
        throw new CliUsageError(
          `A record at trans_start ${offset} has the field "${extra}", which the CSV header (from the first page) lacks. Use --format ndjson, which keeps every field.`,
        );
      }
      lines.push(
        known
          .map((name) =>
            csvCell(typeof row[name] === "string" ? output.redact(row[name] as string) : row[name]),
          )
          .join(","),
      );
    }
    return lines;
  };
}

/** Writes records as NDJSON, every string redacted before it is encoded. */
function ndjsonWriter(output: Output) {
  return (records: unknown[]): string[] =>
    records.map((record) =>
      JSON.stringify(record, (_key, value: unknown) =>
        typeof value === "string" ? output.redact(value) : value,
      ),
    );
}

/**
 * `--all` of a paged report: reads every page in turn and writes each record as its page arrives,
 * one NDJSON line (or CSV row) on stdout; one progress line per page on stderr.
 */
export async function runAllPages(
  command: CommandSpec & { operation: OperationId },
  flags: Flags,
  context: RunContext,
): Promise<ExitCodeValue> {
  const { output } = context;
  const id = command.operation;
  if (!takesParams(id)) throw new TypeError(`${command.name} takes no params`);
  const format = flags.string("format") ?? "ndjson";
  if (format !== "ndjson" && format !== "csv")
    throw new CliUsageError(`--format must be ndjson or csv, got "${format}".`);
  const { params } = checkParams(id, paramsFromFlags(id, flags, {}), { kind: "flags", operation: id });
  const client = createClientFromFlags(clientOptionsFrom(flags, context.logger));
  const write = format === "csv" ? csvWriter(output) : ndjsonWriter(output);
  let total = 0;
  let pages = 0;
  for await (const page of pagesOf(client, id, params, { signal: context.signal })) {
    const records = recordsOf(page);
    await output.records(write(records, page.offset));
    total += records.length;
    pages++;
    output.err(
      `${command.name}: page ${pages} (from ${page.offset}): ${plural(records.length, "record")}, ${total} in all`,
    );
  }
  output.err(`${command.name}: done, ${plural(total, "record")} in ${plural(pages, "page")}.`);
  return ExitCode.Ok;
}
