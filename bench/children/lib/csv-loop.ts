// The loop both bulk baselines share: stream a CSV (header row of field names, no quoting), hand each
// row to `send`, at most CONCURRENCY at once, and write one NDJSON line per row. Arguments and
// environment as for the CLI: FILE.csv CONCURRENCY REPORT.ndjson, TRACKFINITY_BASE_URL,
// TRACKFINITY_API_KEY, TRACKFINITY_API_USERNAME.
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";

/** Sends one row; resolves true when the server answered `true`. */
export type SendRow = (fields: Record<string, string>) => Promise<boolean>;

export const env = (name: string): string => process.env[name] ?? "";

export async function runCsvLoop(name: string, send: SendRow): Promise<void> {
  const [file, concurrencyArg, reportPath] = process.argv.slice(2);
  if (!file || !concurrencyArg || !reportPath) throw new Error(`usage: ${name} FILE.csv CONCURRENCY REPORT`);
  const concurrency = Number(concurrencyArg);
  const report = createWriteStream(reportPath);
  let failed = 0;

  async function one(row: number, fields: Record<string, string>): Promise<void> {
    let ok = false;
    try {
      ok = await send(fields);
    } catch {}
    if (!ok) failed++;
    if (!report.write(`${JSON.stringify({ row, ok })}\n`)) await once(report, "drain");
  }

  const inFlight = new Set<Promise<void>>();
  let columns: string[] | undefined;
  let row = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line === "") continue;
    if (!columns) {
      columns = line.split(",");
      continue;
    }
    const values = line.split(",");
    const fields = Object.fromEntries(columns.map((column, i) => [column, values[i] ?? ""]));
    const task = one(++row, fields).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  report.end();
  await once(report, "finish");
  if (failed) {
    console.error(`${name}: ${failed} of ${row} rows failed`);
    process.exitCode = 1;
  }
}
