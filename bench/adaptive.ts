import { join } from "node:path";
import { busiestSecond, type Scenario, type ScenarioStats } from "../test/support/scenario-server.ts";
import type { Build } from "./lib/builds.ts";
import { CLI_PATH } from "./lib/bulk-contenders.ts";
import { atLeast, type Goal, type Row, type Section } from "./lib/report.ts";
import {
  type BulkArgs,
  type BulkRun,
  cliArgs,
  runBulk,
  type ScenarioBench,
  serverRate,
  startScenario,
  wholeRate,
} from "./lib/scenario-process.ts";
import { summarize } from "./lib/stats.ts";
import { queueingInstall } from "./queueing-install.ts";

interface ScenarioRun extends BulkRun {
  stats: ScenarioStats;
}

const single = (value: number) => summarize([value]);
const goal = (text: string, met: boolean): Goal => ({ text, met });
const rate = (r: ScenarioRun) => serverRate(r.stats);
/** Scenarios 4 and 6: 50 ms per answer, no limit. */
const LATENCY_BOUND: Scenario = { latencyMs: 50 };
const idealAt = (concurrency: number) => concurrency / 0.05;

/** Runs bulk processes against fresh scenario servers. */
function scenarioRunner(bench: ScenarioBench, quick: boolean) {
  async function against(scenario: Scenario, count: number, args: BulkArgs): Promise<ScenarioRun> {
    const server = await startScenario(bench.child("scenario-server"), scenario);
    const bulk = await runBulk(server.url, bench.workDir, count, args);
    const stats = await server.stats();
    await server.stop();
    return { ...bulk, stats };
  }
  const runCli = (scenario: Scenario, count: number, ...flags: string[]) =>
    against(scenario, count, cliArgs(bench.cli, ...flags));
  const latencyBound = new Map<number, Promise<ScenarioRun>>();
  return {
    bench,
    quick,
    against,
    runCli,
    /** Rows for 8 seconds (quick: 2) at the ideal rate of `concurrency`. */
    latencyBoundRows: (concurrency: number) => Math.round(idealAt(concurrency) * (quick ? 2 : 8)),
    /** The CLI against the latency-bound server: one run per concurrency, which scenarios 4 and 6 share. */
    latencyBoundCli(concurrency: number): Promise<ScenarioRun> {
      let run = latencyBound.get(concurrency);
      if (!run) {
        const count = this.latencyBoundRows(concurrency);
        run = runCli(LATENCY_BOUND, count, "--concurrency", String(concurrency));
        latencyBound.set(concurrency, run);
      }
      return run;
    },
  };
}
type Runner = ReturnType<typeof scenarioRunner>;

/** 1. Concurrency limit: 8 at a time × 50 ms = 160 rows/s; the rest 429 with Retry-After: 1. */
async function concurrencyLimit({ runCli, quick }: Runner): Promise<Row[]> {
  const capacity = 160;
  const limited = await runCli(
    { latencyMs: 50, maxConcurrent: 8, retryAfterS: 1 },
    quick ? 400 : 2_000,
    "--concurrency",
    "32",
  );
  const share429 = ((limited.stats.statuses[429] ?? 0) / limited.stats.requests) * 100;
  return [
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
  ];
}

/** 2. Maintenance: every request 503 with Retry-After: 2 for 6 s, in the middle of the run. */
async function maintenanceWindow({ runCli, quick }: Runner): Promise<Row[]> {
  const count = quick ? 600 : 2_000;
  const outage = { afterRequests: count / 2, forMs: 6_000, retryAfterS: 2 };
  const maintenance = await runCli({ latencyMs: 0, outage }, count);
  return [
    {
      measured: `2. 503 Retry-After: 2 for 6 s mid-run, ${count.toLocaleString("en-US")} rows, default patience and concurrency: failed rows`,
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
  ];
}

/** 3. Rate cap: --rate 50 against a fast server. */
async function rateCap({ runCli, quick }: Runner): Promise<Row[]> {
  const capped = await runCli({ latencyMs: 0 }, quick ? 150 : 500, "--rate", "50");
  const cappedRate = wholeRate(capped);
  const busiest = busiestSecond(capped.stats.arrivals);
  return [
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
  ];
}

/** 4. Latency-bound: 50 ms per answer, no limit; the CLI beside the hand-written fetch loop. */
async function latencyBound(runner: Runner): Promise<Row[]> {
  const rows: Row[] = [];
  for (const concurrency of [16, 64]) {
    const ideal = idealAt(concurrency);
    const count = runner.latencyBoundRows(concurrency);
    const loop = await runner.against(LATENCY_BOUND, count, (csv, report) => [
      runner.bench.child("fetch-loop"),
      csv,
      String(concurrency),
      report,
    ]);
    const cliRun = await runner.latencyBoundCli(concurrency);
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
  return rows;
}

/**
 * 6. Slow by nature, not queued: scenario 4's CLI run at --concurrency 16 (the same run when both are
 * measured), against the goal a latency-aware limit must keep: it must not take 50 ms for a queue.
 */
async function slowNotQueued(runner: Runner): Promise<Row[]> {
  const concurrency = 16;
  const ideal = idealAt(concurrency);
  const cliRun = await runner.latencyBoundCli(concurrency);
  const toIdeal = rate(cliRun) / ideal;
  return [
    {
      measured: `6. 50 ms per answer, no worker limit, ${cliRun.rows.toLocaleString("en-US")} rows, --concurrency ${concurrency} (ideal ${ideal} rows/s): the CLI (server side)`,
      unit: "rows/s",
      value: single(rate(cliRun)),
      decimals: 1,
      ratio: { value: toIdeal, reference: "ideal" },
      goal: atLeast({ value: toIdeal, reference: "ideal" }, 0.9),
      note: `${cliRun.failed} rows failed`,
    },
  ];
}

/** Section 6's scenarios, by number. */
const SCENARIOS: Record<number, (runner: Runner) => Promise<Row[]>> = {
  1: concurrencyLimit,
  2: maintenanceWindow,
  3: rateCap,
  4: latencyBound,
  5: ({ bench, quick }) => queueingInstall(bench, quick),
  6: slowNotQueued,
};

/** The numbers of section 6's scenarios. */
export const SCENARIO_NUMBERS: readonly number[] = Object.keys(SCENARIOS).map(Number);

/**
 * 6. Bulk runs against a local scripted server that pushes back, each scenario stating its capacity
 * so every ratio has a known limit: a concurrency limit, a maintenance window, a rate cap, a
 * latency-bound server beside the hand-written fetch loop, an install that queues instead of refusing
 * with its live traffic beside, and the latency-bound server again. `only` picks scenarios by number.
 */
export async function adaptiveBulk(
  current: Build,
  child: (name: string) => string,
  workDir: string,
  quick: boolean,
  only: readonly number[] = SCENARIO_NUMBERS,
): Promise<Section> {
  const runner = scenarioRunner({ child, cli: join(current.dir, CLI_PATH), workDir }, quick);
  const rows: Row[] = [];
  for (const number of SCENARIO_NUMBERS) {
    const scenario = SCENARIOS[number];
    if (scenario && only.includes(number)) rows.push(...(await scenario(runner)));
  }
  return { title: "6. Bulk against a server that pushes back (one run each; rows/s, counts)", rows };
}
