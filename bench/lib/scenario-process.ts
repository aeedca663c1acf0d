import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Scenario, ScenarioStats } from "../../test/support/scenario-server.ts";
import { writeCsv } from "./csv-file.ts";
import { API_KEY, API_USERNAME } from "./fixture.ts";
import { type ProcessRun, runMeasured } from "./run-measured.ts";

const RUN_TIMEOUT_MS = 300_000;

/** What section 6's scenarios run with. */
export interface ScenarioBench {
  /** The path of a compiled child (bench/children/NAME.ts). */
  child(name: string): string;
  /** The built CLI's entry. */
  cli: string;
  workDir: string;
}

/** A scenario server in its own process (bench/children/scenario-server.ts). */
export async function startScenario(script: string, scenario: Scenario) {
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

/** One bulk process's run over `rows` rows, and how many rows its report did not mark ok. */
export interface BulkRun {
  run: ProcessRun;
  rows: number;
  failed: number;
}

/** The arguments of one bulk process, given its CSV and where its NDJSON report goes. */
export type BulkArgs = (csv: string, report: string) => string[];

/** The CLI's `set-customer-details --from` run, with `flags` after its file arguments. */
export const cliArgs =
  (cli: string, ...flags: string[]): BulkArgs =>
  (csv, report) => [cli, "set-customer-details", "--from", csv, "--report", report, ...flags];

/** Runs one bulk process (the CLI, or the fetch loop) over `count` fresh rows against the server at `url`. */
export async function runBulk(url: string, workDir: string, count: number, args: BulkArgs): Promise<BulkRun> {
  const csv = join(workDir, `adaptive-${count}.csv`);
  const report = join(workDir, "adaptive-report.ndjson");
  writeCsv(csv, count);
  rmSync(report, { force: true });
  const env = {
    TRACKFINITY_BASE_URL: url,
    TRACKFINITY_API_KEY: API_KEY,
    TRACKFINITY_API_USERNAME: API_USERNAME,
  };
  const run = await runMeasured(process.execPath, args(csv, report), env, RUN_TIMEOUT_MS);
  const lines = readFileSync(report, "utf8").split("\n").filter(Boolean);
  const failed = count - lines.filter((line) => JSON.parse(line).ok === true).length;
  return { run, rows: count, failed };
}

/** Accepted rows per second, server side: from the first request to the last accepted answer. */
export const serverRate = (stats: ScenarioStats) => stats.accepted.length / (stats.lastAnswerAt / 1000);

/** Rows per second over the process's whole wall time (Node's start included). */
export const wholeRate = (bulk: BulkRun) => bulk.rows / (bulk.run.wallMs / 1000);
