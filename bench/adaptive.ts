import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { busiestSecond, type Scenario, type ScenarioStats } from "../test/support/scenario-server.ts";
import type { Build } from "./lib/builds.ts";
import { CLI_PATH } from "./lib/bulk-contenders.ts";
import { writeCsv } from "./lib/csv-file.ts";
import { API_KEY, API_USERNAME } from "./lib/fixture.ts";
import { atLeast, type Goal, type Row, type Section } from "./lib/report.ts";
import { type ProcessRun, runMeasured } from "./lib/run-measured.ts";
import { summarize } from "./lib/stats.ts";

const RUN_TIMEOUT_MS = 300_000;

/** A scenario server in its own process (bench/children/scenario-server.ts). */
async function startScenario(script: string, scenario: Scenario) {
  const child = spawn(process.execPath, [script, JSON.stringify(scenario)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value ?? "");
  const url = await next();
  return {
    url,
    async stats(): Promise<ScenarioStats> {
      child.stdin.write("stats\n");
      return JSON.parse(await next()) as ScenarioStats;
    },
    async stop() {
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
}

interface ScenarioRun {
  run: ProcessRun;
  stats: ScenarioStats;
  rows: number;
  failed: number;
}

const single = (value: number) => summarize([value]);
const goal = (text: string, met: boolean): Goal => ({ text, met });
const rate = (r: ScenarioRun) => r.stats.accepted.length / (r.stats.lastAnswerAt / 1000);
const wholeRate = (r: ScenarioRun) => r.rows / (r.run.wallMs / 1000);

/**
 * 6. Bulk runs against a local scripted server that pushes back, each scenario stating its capacity
 * so every ratio has a known limit: a concurrency limit, a maintenance window, a rate cap, and a
 * latency-bound server beside the hand-written fetch loop.
 */
export async function adaptiveBulk(
  current: Build,
  child: (name: string) => string,
  workDir: string,
  quick: boolean,
): Promise<Section> {
  const cli = join(current.dir, CLI_PATH);
  const rows: Row[] = [];

  /** Runs one process (the CLI, or the fetch loop) over `count` rows against a fresh scenario server. */
  async function against(scenario: Scenario, count: number, args: (csv: string, report: string) => string[]) {
    const server = await startScenario(child("scenario-server"), scenario);
    const csv = join(workDir, `adaptive-${count}.csv`);
    const report = join(workDir, "adaptive-report.ndjson");
    writeCsv(csv, count);
    rmSync(report, { force: true });
    const env = {
      TRACKFINITY_BASE_URL: server.url,
      TRACKFINITY_API_KEY: API_KEY,
      TRACKFINITY_API_USERNAME: API_USERNAME,
    };
    const run = await runMeasured(process.execPath, args(csv, report), env, RUN_TIMEOUT_MS);
    const stats = await server.stats();
    await server.stop();
    const lines = readFileSync(report, "utf8").split("\n").filter(Boolean);
    const failed = count - lines.filter((line) => JSON.parse(line).ok === true).length;
    return { run, stats, rows: count, failed } satisfies ScenarioRun;
  }
  const runCli = (scenario: Scenario, count: number, ...flags: string[]) =>
    against(scenario, count, (csv, report) => [
      cli,
      "set-customer-details",
      "--from",
      csv,
      "--report",
      report,
      ...flags,
    ]);

  // 1. Concurrency limit: 8 at a time × 50 ms = 160 rows/s; the rest 429 with Retry-After: 1.
  const capacity = 160;
  const limited = await runCli(
    { latencyMs: 50, maxConcurrent: 8, retryAfterS: 1 },
    quick ? 400 : 2_000,
    "--concurrency",
    "32",
  );
  const share429 = ((limited.stats.statuses[429] ?? 0) / limited.stats.requests) * 100;
  rows.push(
    {
      measured: `1. admits 8 at a time × 50 ms (${capacity} rows/s), ${limited.rows.toLocaleString("en-US")} rows, --concurrency 32: throughput`,
      unit: "rows/s",
      value: single(rate(limited)),
      decimals: 1,
      ratio: { value: rate(limited) / capacity, reference: "capacity" },
      goal: atLeast({ value: rate(limited) / capacity, reference: "capacity" }, 0.85),
      note: `whole process ${wholeRate(limited).toFixed(1)} rows/s`,
    },
    {
      measured: "1. … failed rows",
      unit: "rows",
      value: single(limited.failed),
      goal: goal("= 0", limited.failed === 0),
    },
    {
      measured: "1. … requests answered 429",
      unit: "%",
      value: single(share429),
      decimals: 1,
      goal: goal("≤ 10%", share429 <= 10),
      note: `${limited.stats.statuses[429] ?? 0} of ${limited.stats.requests}`,
    },
  );

  // 2. Maintenance: every request 503 with Retry-After: 2 for 6 s, in the middle of the run.
  const count2 = quick ? 600 : 2_000;
  const outage = { afterRequests: count2 / 2, forMs: 6_000, retryAfterS: 2 };
  const maintenance = await runCli({ latencyMs: 0, outage }, count2);
  rows.push(
    {
      measured: `2. 503 Retry-After: 2 for 6 s mid-run, ${count2.toLocaleString("en-US")} rows, default patience and concurrency: failed rows`,
      unit: "rows",
      value: single(maintenance.failed),
      goal: goal("= 0", maintenance.failed === 0),
    },
    {
      measured: "2. … requests during the window",
      unit: "requests",
      value: single(maintenance.stats.duringOutage),
      goal: goal("≤ 40", maintenance.stats.duringOutage <= 40),
      note: `most open at once after the first wait: ${maintenance.stats.maxOpenAfterFirstWait}`,
    },
  );

  // 3. Rate cap: --rate 50 against a fast server.
  const capped = await runCli({ latencyMs: 0 }, quick ? 150 : 500, "--rate", "50");
  const cappedRate = wholeRate(capped);
  const busiest = busiestSecond(capped.stats.arrivals);
  rows.push(
    {
      measured: `3. --rate 50, fast server, ${capped.rows} rows: over the run`,
      unit: "rows/s",
      value: single(cappedRate),
      decimals: 1,
      goal: goal("45 to 52", cappedRate >= 45 && cappedRate <= 52),
      note: `server side ${rate(capped).toFixed(1)} rows/s`,
    },
    {
      measured: "3. … busiest 1-second window",
      unit: "requests",
      value: single(busiest),
      goal: goal("≤ 55", busiest <= 55),
    },
  );

  // 4. Latency-bound: 50 ms per answer, no limit; the CLI beside the hand-written fetch loop.
  for (const concurrency of [16, 64]) {
    const ideal = concurrency / 0.05;
    const count = Math.round(ideal * (quick ? 2 : 8));
    const scenario = { latencyMs: 50 };
    const loop = await against(scenario, count, (csv, report) => [
      child("fetch-loop"),
      csv,
      String(concurrency),
      report,
    ]);
    const cliRun = await runCli(scenario, count, "--concurrency", String(concurrency));
    const toIdeal = rate(cliRun) / ideal;
    const toLoop = wholeRate(cliRun) / wholeRate(loop);
    rows.push(
      {
        measured: `4. 50 ms per answer, no limit, --concurrency ${concurrency} (ideal ${ideal} rows/s), ${count.toLocaleString("en-US")} rows: hand-written fetch loop`,
        unit: "rows/s",
        value: single(wholeRate(loop)),
        decimals: 1,
        note: `server side ${rate(loop).toFixed(1)} rows/s`,
      },
      {
        measured: `4. … the CLI, to the ideal rate (server side)`,
        unit: "rows/s",
        value: single(rate(cliRun)),
        decimals: 1,
        ratio: { value: toIdeal, reference: "ideal" },
        goal: atLeast({ value: toIdeal, reference: "ideal" }, 0.95),
      },
      {
        measured: `4. … the CLI, to the fetch loop (whole process)`,
        unit: "rows/s",
        value: single(wholeRate(cliRun)),
        decimals: 1,
        ratio: { value: toLoop, reference: "fetch loop" },
        goal: atLeast({ value: toLoop, reference: "fetch loop" }, 0.95),
      },
    );
  }
  return { title: "6. Bulk against a server that pushes back (one run each; rows/s, counts)", rows };
}
