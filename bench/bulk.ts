import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeCsv } from "./lib/csv-file.ts";
import { API_KEY, API_USERNAME } from "./lib/fixture.ts";
import { atLeast, atMost, pairedRatio, type Row, type Section } from "./lib/report.ts";
import { type ProcessRun, runMeasured } from "./lib/run-measured.ts";
import { summarize } from "./lib/stats.ts";

export const CLI_PATH = "dist/cli/main.js";
const CONCURRENCY = 16;
const THROUGHPUT_ROWS = 20_000;
const MEMORY_ROWS = [1_000, 100_000] as const;
const RUN_TIMEOUT_MS = 180_000;
const SKIPPED = "CLI not built yet: skipped";

interface Contender {
  name: string;
  /** Runs the contender over `csv`, writing its report to `report`. */
  run(csv: string, report: string): Promise<ProcessRun>;
}

/** Runs `contender` over `csv` with a fresh report file (the CLI refuses to overwrite one). */
async function runOnce(contender: Contender, csv: string, workDir: string): Promise<ProcessRun> {
  const report = join(workDir, "report.ndjson");
  rmSync(report, { force: true });
  const run = await contender.run(csv, report);
  if (run.code !== 0) throw new Error(`${contender.name} exited with ${run.code}: ${run.stderrTail}`);
  return run;
}

const rowsPerSecond = (rows: number, runs: readonly ProcessRun[]) =>
  runs.map((run) => rows / (run.wallMs / 1000));

/**
 * 3. The bulk CLI against a hand-written fetch loop over the same CSV, same server, same concurrency;
 * beside them the same loop sending with trackfinity-client, which tells the client's share of the
 * gap from the rest of the CLI's.
 */
export async function bulkThroughput(
  root: string,
  baseUrl: string,
  child: (name: string) => string,
  workDir: string,
  quick: boolean,
): Promise<Section> {
  const env = {
    TRACKFINITY_BASE_URL: baseUrl,
    TRACKFINITY_API_KEY: API_KEY,
    TRACKFINITY_API_USERNAME: API_USERNAME,
  };
  const loop =
    (script: string, ...extra: string[]) =>
    (csv: string, out: string) =>
      runMeasured(process.execPath, [script, csv, String(CONCURRENCY), out, ...extra], env, RUN_TIMEOUT_MS);
  const fetchLoop: Contender = { name: "hand-written fetch loop", run: loop(child("fetch-loop")) };
  const clientLoop: Contender = {
    name: "the same loop with trackfinity-client",
    run: loop(child("client-loop"), join(root, "dist/index.js")),
  };
  const cliPath = join(root, CLI_PATH);
  const cli: Contender | undefined = existsSync(cliPath)
    ? {
        name: "trackfinity CLI",
        run: (csv, out) =>
          runMeasured(
            process.execPath,
            [
              cliPath,
              "set-customer-details",
              "--from",
              csv,
              "--concurrency",
              String(CONCURRENCY),
              "--report",
              out,
            ],
            env,
            RUN_TIMEOUT_MS,
          ),
      }
    : undefined;
  const contenders = cli ? [fetchLoop, cli] : [fetchLoop];

  const throughputRows = quick ? 2_000 : THROUGHPUT_ROWS;
  const throughputCsv = join(workDir, `rows-${throughputRows}.csv`);
  writeCsv(throughputCsv, throughputRows);
  const timed = [fetchLoop, clientLoop, ...(cli ? [cli] : [])];
  const runs = new Map<string, ProcessRun[]>(timed.map((c) => [c.name, []]));
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    for (const c of timed) runs.get(c.name)?.push(await runOnce(c, throughputCsv, workDir));
  }

  const memory = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const rows of MEMORY_ROWS) {
    const count = quick ? rows / 10 : rows;
    const csv = join(workDir, `rows-${count}.csv`);
    writeCsv(csv, count);
    for (const c of contenders) {
      const run = await runOnce(c, csv, workDir);
      memory.get(c.name)?.push((run.peakRssKiB ?? Number.NaN) / 1024);
    }
  }

  const label = (rows: number) => (quick ? rows / 10 : rows).toLocaleString("en-US");
  const loopRates = rowsPerSecond(throughputRows, runs.get(fetchLoop.name) ?? []);
  const clientRates = rowsPerSecond(throughputRows, runs.get(clientLoop.name) ?? []);
  const rows: Row[] = [
    {
      measured: `${fetchLoop.name}, ${throughputRows.toLocaleString("en-US")} rows, concurrency ${CONCURRENCY}`,
      unit: "rows/s",
      value: summarize(loopRates),
    },
    {
      measured: `${clientLoop.name}, ${throughputRows.toLocaleString("en-US")} rows`,
      unit: "rows/s",
      value: summarize(clientRates),
      ratio: pairedRatio(clientRates, loopRates, "fetch loop", "run pairs"),
    },
  ];
  const cliRates = cli ? rowsPerSecond(throughputRows, runs.get(cli.name) ?? []) : [];
  const cliRow: Row = {
    measured: `trackfinity CLI, ${throughputRows.toLocaleString("en-US")} rows, concurrency ${CONCURRENCY}`,
    unit: "rows/s",
  };
  if (cli) {
    cliRow.value = summarize(cliRates);
    cliRow.ratio = pairedRatio(cliRates, loopRates, "fetch loop", "run pairs");
    cliRow.goal = atLeast(cliRow.ratio, 0.85);
  } else {
    cliRow.note = SKIPPED;
  }
  rows.push(cliRow);

  for (const c of [fetchLoop, cli]) {
    const [small, large] = c ? (memory.get(c.name) ?? []) : [];
    const name = c?.name ?? "trackfinity CLI";
    const smallRow: Row = {
      measured: `${name}, peak RSS, ${label(MEMORY_ROWS[0])} rows`,
      unit: "MiB",
      decimals: 1,
    };
    const largeRow: Row = {
      measured: `${name}, peak RSS, ${label(MEMORY_ROWS[1])} rows`,
      unit: "MiB",
      decimals: 1,
    };
    if (small !== undefined && large !== undefined) {
      smallRow.value = summarize([small]);
      largeRow.value = summarize([large]);
      largeRow.ratio = { value: large / small, reference: `${label(MEMORY_ROWS[0])} rows` };
      if (c === cli) largeRow.goal = atMost(largeRow.ratio, 1.2);
    } else {
      smallRow.note = SKIPPED;
      largeRow.note = SKIPPED;
    }
    rows.push(smallRow, largeRow);
  }
  return { title: "3. Bulk throughput (CLI, whole process, rows/s) and peak memory", rows };
}
