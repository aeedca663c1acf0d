import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { QUEUEING_INSTALL, startScenarioServer } from "../support/scenario-server.ts";
import { parseReport, writeCustomersCsv } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { progressLimits } from "./support/progress-limits.ts";
import { apiEnv, runCli } from "./support/run-cli.ts";

const { inDir } = useTempDirAndFake();
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("bulk runs that follow the install's latency", () => {
  it("settles below 16 in flight at --concurrency 32 when the install queues instead of refusing, and fails no row", async () => {
    // 8 workers × 50 ms, FIFO, never 429: only the time each answer takes says the install is full.
    const server = await startScenarioServer(QUEUEING_INSTALL);
    close = server.close;
    const file = inDir("queueing.csv");
    const report = inDir("queueing.ndjson");
    await writeCustomersCsv(file, 800);
    const result = await runCli(
      ["set-customer-details", "--from", file, "--report", report, "--concurrency", "32"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Done: 800 ok, 0 failed");
    expect(server.stats.accepted).toHaveLength(800);
    expect(server.stats.statuses).toEqual({ 200: 800 });
    expect(parseReport(await readFile(report, "utf8")).every((e) => e.ok === true)).toBe(true);
    // Settled: every progress line of the second half of the run shows a limit below 16, of the cap of 32.
    const secondHalf = progressLimits(result.stderr).filter((line) => line.done >= 400);
    expect(secondHalf.length).toBeGreaterThanOrEqual(4);
    expect(secondHalf.every((line) => line.max === 32)).toBe(true);
    expect(secondHalf.map((line) => line.limit).filter((limit) => limit >= 16)).toEqual([]);
  }, 30_000);

  it("keeps to --concurrency with --ignore-latency, however long the install's queue", async () => {
    const server = await startScenarioServer(QUEUEING_INSTALL);
    close = server.close;
    const file = inDir("queueing.csv");
    await writeCustomersCsv(file, 320);
    const result = await runCli(
      ["set-customer-details", "--from", file, "--concurrency", "32", "--ignore-latency"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Done: 320 ok, 0 failed");
    const lines = progressLimits(result.stderr);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.map((line) => `${line.limit}/${line.max}`)).toEqual(lines.map(() => "32/32"));
    expect(result.stderr).not.toContain("install slowing");
  }, 30_000);
});
