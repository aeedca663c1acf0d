import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Builds } from "./lib/builds.ts";
import {
  type BuildContenders,
  bulkContenders,
  CONCURRENCY,
  type Contender,
  cliName,
} from "./lib/bulk-contenders.ts";
import { writeCsv } from "./lib/csv-file.ts";
import { atLeast, atMost, baselineRow, pairedRatio, type Row, type Section } from "./lib/report.ts";
import { rotated } from "./lib/rounds.ts";
import type { ProcessRun } from "./lib/run-measured.ts";
import { summarize } from "./lib/stats.ts";

const THROUGHPUT_ROWS = 20_000;
const MEMORY_ROWS = [1_000, 100_000] as const;
const SKIPPED = "CLI not built yet: skipped";

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
 * gap from the rest of the CLI's. A baseline build's loop and CLI run interleaved with the rest.
 */
export async function bulkThroughput(
  builds: Builds,
  baseUrl: string,
  child: (name: string) => string,
  workDir: string,
  quick: boolean,
): Promise<Section> {
  const contenders = bulkContenders(baseUrl, child);
  const { fetchLoop } = contenders;
  const current = contenders.of(builds.current);
  const perBuild = [current, ...(builds.baseline ? [contenders.of(builds.baseline)] : [])];
  const clis = perBuild.flatMap((b) => (b.cli ? [b.cli] : []));

  const throughputRows = quick ? 2_000 : THROUGHPUT_ROWS;
  const throughputCsv = join(workDir, `rows-${throughputRows}.csv`);
  writeCsv(throughputCsv, throughputRows);
  const timed = [fetchLoop, ...perBuild.map((b) => b.clientLoop), ...clis];
  const runs = new Map<string, ProcessRun[]>(timed.map((c) => [c.name, []]));
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    for (const c of rotated(timed, i)) runs.get(c.name)?.push(await runOnce(c, throughputCsv, workDir));
  }

  const memory = new Map<string, number[]>([fetchLoop, ...clis].map((c) => [c.name, []]));
  for (const rows of MEMORY_ROWS) {
    const count = quick ? rows / 10 : rows;
    const csv = join(workDir, `rows-${count}.csv`);
    writeCsv(csv, count);
    for (const c of [fetchLoop, ...clis]) {
      const run = await runOnce(c, csv, workDir);
      memory.get(c.name)?.push((run.peakRssKiB ?? Number.NaN) / 1024);
    }
  }

  const label = (rows: number) => (quick ? rows / 10 : rows).toLocaleString("en-US");
  const rates = (c: Contender | undefined) =>
    c ? rowsPerSecond(throughputRows, runs.get(c.name) ?? []) : [];
  const peak = (c: Contender | undefined, size: 0 | 1) => (c ? memory.get(c.name)?.[size] : undefined);
  const loopRates = rates(fetchLoop);
  /** Each build's row, the baseline's under the current's with the current's ratio to it, run pair by pair. */
  const currentThenBaseline = (
    rowOf: (b: BuildContenders) => Row,
    valuesOf: (b: BuildContenders) => number[],
    better: "higher" | "lower",
  ): Row[] =>
    perBuild.map((b) => {
      const row = rowOf(b);
      if (b === current || row.value === undefined) return row;
      return baselineRow(row, pairedRatio(valuesOf(current), valuesOf(b), "", "run pairs"), better);
    });
  const throughputRow = (name: string, c: Contender | undefined, goal?: number, extra = ""): Row => {
    const rowsText = throughputRows.toLocaleString("en-US");
    const row: Row = { measured: `${name}, ${rowsText} rows${extra}`, unit: "rows/s" };
    if (!c) return { ...row, note: SKIPPED };
    row.value = summarize(rates(c));
    row.ratio = pairedRatio(rates(c), loopRates, "fetch loop", "run pairs");
    if (goal !== undefined) row.goal = atLeast(row.ratio, goal);
    return row;
  };
  const rssRow = (name: string, c: Contender | undefined, size: 0 | 1, goal?: number): Row => {
    const row: Row = {
      measured: `${name}, peak RSS, ${label(MEMORY_ROWS[size])} rows`,
      unit: "MiB",
      decimals: 1,
    };
    const [small, value] = [peak(c, 0), peak(c, size)];
    if (small === undefined || value === undefined) return { ...row, note: SKIPPED };
    row.value = summarize([value]);
    if (size === 1) row.ratio = { value: value / small, reference: `${label(MEMORY_ROWS[0])} rows` };
    if (goal !== undefined) row.goal = atMost(row.ratio, goal);
    return row;
  };
  const cliRss = (size: 0 | 1) =>
    currentThenBaseline(
      (b) => rssRow(cliName(b.build), b.cli, size, b === current && size === 1 ? 1.2 : undefined),
      (b) => [peak(b.cli, size) ?? Number.NaN],
      "lower",
    );

  return {
    title: "3. Bulk throughput (CLI, whole process, rows/s) and peak memory",
    rows: [
      {
        measured: `${fetchLoop.name}, ${throughputRows.toLocaleString("en-US")} rows, concurrency ${CONCURRENCY}`,
        unit: "rows/s",
        value: summarize(loopRates),
      },
      ...currentThenBaseline(
        (b) => throughputRow(b.clientLoop.name, b.clientLoop),
        (b) => rates(b.clientLoop),
        "higher",
      ),
      ...currentThenBaseline(
        (b) =>
          throughputRow(
            cliName(b.build),
            b.cli,
            b === current ? 0.85 : undefined,
            `, concurrency ${CONCURRENCY}`,
          ),
        (b) => rates(b.cli),
        "higher",
      ),
      rssRow(fetchLoop.name, fetchLoop, 0),
      rssRow(fetchLoop.name, fetchLoop, 1),
      ...cliRss(0),
      ...cliRss(1),
    ],
  };
}
