import { setTimeout as sleep } from "node:timers/promises";
import { QUEUEING_INSTALL } from "../test/support/scenario-server.ts";
import { liveFigures, startLiveTraffic } from "./lib/live-traffic.ts";
import { atLeast, atMost, type Ratio, type Row } from "./lib/report.ts";
import { cliArgs, runBulk, type ScenarioBench, serverRate, startScenario } from "./lib/scenario-process.ts";
import { summarize } from "./lib/stats.ts";

/** 8 workers × 50 ms. */
const CAPACITY = 160;
/** The install's own traffic, a quarter of its capacity. */
const LIVE_RATE = 40;
/** Live requests before this are dropped: their connections are being opened. */
const WARM_UP_MS = 1_000;

/** One bulk run beside the live traffic: the CLI at `concurrency`, with `flags` after it. */
interface QueueingRun {
  concurrency: number;
  flags?: string[];
  /** Whether the goals apply (they are stated for --concurrency 32). */
  goals?: boolean;
}

/** Scenario 5's runs, in table order; a run with other CLI flags is one more line here. */
const RUNS: QueueingRun[] = [{ concurrency: 4 }, { concurrency: 8 }, { concurrency: 32, goals: true }];

/** One run: live traffic alone for `aloneMs`, then a bulk run of `count` rows beside it, on a fresh server. */
async function besideLiveTraffic(bench: ScenarioBench, run: QueueingRun, count: number, aloneMs: number) {
  const server = await startScenario(bench.child("scenario-server"), QUEUEING_INSTALL);
  const live = startLiveTraffic(bench.child("live-traffic"), server.url, LIVE_RATE);
  await sleep(WARM_UP_MS);
  const aloneFrom = Date.now();
  await sleep(aloneMs);
  const aloneTo = Date.now();
  const flags = ["--concurrency", String(run.concurrency), ...(run.flags ?? [])];
  const bulk = await runBulk(server.url, bench.workDir, count, cliArgs(bench.cli, ...flags));
  const samples = await live.stop();
  const stats = await server.stats();
  await server.stop();
  // "During" is the bulk run as the server saw it: first request to last answer, not the CLI's start-up.
  const from = stats.startedAt ?? aloneTo;
  return {
    bulk,
    stats,
    alone: liveFigures(samples, aloneFrom, aloneTo),
    during: liveFigures(samples, from, from + stats.lastAnswerAt),
  };
}

const ms = (value: number) => value.toFixed(0);

/**
 * Scenario 5: an install that queues instead of refusing (QUEUEING_INSTALL), its live traffic at a
 * fixed rate beside a bulk run. Throughput goes against the capacity the live traffic leaves; the live
 * p99 during the run against the live p99 alone, measured just before it on the same server.
 */
export async function queueingInstall(bench: ScenarioBench, quick: boolean): Promise<Row[]> {
  const count = quick ? 400 : 1_500;
  const aloneMs = quick ? 3_000 : 8_000;
  const rows: Row[] = [];
  for (const run of RUNS) {
    const { bulk, stats, alone, during } = await besideLiveTraffic(bench, run, count, aloneMs);
    const label = ["--concurrency", run.concurrency, ...(run.flags ?? [])].join(" ");
    const spare = CAPACITY - alone.servedPerS;
    const bulkRate = serverRate(stats);
    const toSpare: Ratio = { value: bulkRate / spare, reference: "spare capacity" };
    const toAlone: Ratio = { value: during.p99 / alone.p99, reference: "live p99 alone" };
    rows.push(
      {
        measured:
          rows.length === 0
            ? `5. queues, never 429: 8 workers × 50 ms (${CAPACITY}/s), live traffic ${LIVE_RATE}/s beside; ${count.toLocaleString("en-US")} rows, ${label}: bulk (server side)`
            : `5. … ${label}: bulk (server side)`,
        unit: "rows/s",
        value: summarize([bulkRate]),
        decimals: 1,
        ratio: toSpare,
        ...(run.goals ? { goal: atLeast(toSpare, 0.85) } : {}),
        note: `spare ${spare.toFixed(1)}/s (live alone ${alone.servedPerS.toFixed(1)}/s); ${bulk.failed} rows failed`,
      },
      {
        measured: `5. … ${label}: live p99 during the run`,
        unit: "ms",
        value: summarize([during.p99]),
        decimals: 1,
        ratio: toAlone,
        ...(run.goals ? { goal: atMost(toAlone, 1.5) } : {}),
        note: `live p50/p99 alone ${ms(alone.p50)}/${ms(alone.p99)} ms, during ${ms(during.p50)}/${ms(during.p99)} ms; served during ${during.served} of ${during.sent} (${during.servedPerS.toFixed(1)}/s)`,
      },
    );
  }
  return rows;
}
