// The limit for the bulk CLI's design, written by hand: stream a CSV (header row of field names, no
// quoting), PATCH each row with the global fetch, at most CONCURRENCY at once, and write one NDJSON
// line per row. Usage: node fetch-loop.mjs FILE.csv CONCURRENCY REPORT.ndjson, with
// TRACKFINITY_BASE_URL, TRACKFINITY_API_KEY and TRACKFINITY_API_USERNAME set, as for the CLI.

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";

const [file, concurrencyArg, reportPath] = process.argv.slice(2);
if (!file || !concurrencyArg || !reportPath) throw new Error("usage: fetch-loop FILE.csv CONCURRENCY REPORT");
const concurrency = Number(concurrencyArg);
const url = `${process.env.TRACKFINITY_BASE_URL}/customer/set_customer_details`;
const headers = {
  "api-key": process.env.TRACKFINITY_API_KEY ?? "",
  "api-username": process.env.TRACKFINITY_API_USERNAME ?? "",
  "content-type": "application/x-www-form-urlencoded",
};
const report = createWriteStream(reportPath);
let failed = 0;

async function send(row: number, body: string): Promise<void> {
  let ok = false;
  try {
    const response = await fetch(url, { method: "PATCH", headers, body });
    ok = response.ok && (await response.json()) === true;
  } catch {}
  if (!ok) failed++;
  if (!report.write(`${JSON.stringify({ row, ok })}\n`)) await once(report, "drain");
}

const inFlight = new Set<Promise<void>>();
let columns: string[] | undefined;
let row = 0;
for await (const line of createInterface({
  input: createReadStream(file),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  if (line === "") continue;
  if (!columns) {
    columns = line.split(",");
    continue;
  }
  const values = line.split(",");
  const body = new URLSearchParams(columns.map((name, i) => [name, values[i] ?? ""])).toString();
  const task = send(++row, body).finally(() => inFlight.delete(task));
  inFlight.add(task);
  if (inFlight.size >= concurrency) await Promise.race(inFlight);
}
await Promise.all(inFlight);
report.end();
await once(report, "finish");
if (failed) {
  console.error(`fetch-loop: ${failed} of ${row} rows failed`);
  process.exitCode = 1;
}
