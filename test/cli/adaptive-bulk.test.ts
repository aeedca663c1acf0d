import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startScenarioServer } from "../support/scenario-server.ts";
import { parseReport, writeCustomersCsv } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, finish, runCli, startCli } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const { inDir } = useTempDirAndFake();
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function scenario(...args: Parameters<typeof startScenarioServer>) {
  const server = await startScenarioServer(...args);
  close = server.close;
  return server;
}

async function rowsFile(name: string, count: number): Promise<{ file: string; report: string }> {
  const file = inDir(`${name}.csv`);
  await writeCustomersCsv(file, count);
  return { file, report: inDir(`${name}.ndjson`) };
}

const entries = async (report: string) => parseReport(await readFile(report, "utf8").catch(() => ""));

describe("bulk runs that adapt to the server", () => {
  it("fails no row when the install admits 8 at a time and refuses the rest with 429", async () => {
    const server = await scenario({ latencyMs: 50, maxConcurrent: 8, retryAfterS: 1 });
    const { file, report } = await rowsFile("capacity", 600);
    const result = await runCli(
      [CMD, "--from", file, "--report", report, "--concurrency", "32"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Done: 600 ok, 0 failed");
    expect(server.stats.accepted).toHaveLength(600);
    expect((await entries(report)).every((e) => e.ok === true)).toBe(true);
  }, 30_000);

  it("fails no row through a maintenance window, probing one request at a time while it lasts", async () => {
    const server = await scenario({
      latencyMs: 0,
      outage: { afterRequests: 200, forMs: 6_000, retryAfterS: 2 },
    });
    const { file, report } = await rowsFile("maintenance", 600);
    const result = await runCli(
      [CMD, "--from", file, "--report", report, "--concurrency", "16"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Done: 600 ok, 0 failed");
    expect(server.stats.accepted).toHaveLength(600);
    // The rows in flight when it began (at most 16), then one probe per Retry-After (2 s) over 6 s.
    expect(server.stats.duringOutage).toBeLessThanOrEqual(16 + 4);
    expect(server.stats.maxOpenAfterFirstWait).toBe(1);
  }, 30_000);

  it("fails the rows once the patience runs out, reports each, and --resume then sends exactly those", async () => {
    const server = await scenario({
      latencyMs: 0,
      outage: { afterRequests: 10, forMs: 600_000, retryAfterS: 1 },
    });
    const { file, report } = await rowsFile("patience", 40);
    const first = await runCli(
      [CMD, "--from", file, "--report", report, "--patience", "2s", "--max-retries", "0"],
      apiEnv(server.url),
    );
    expect(first.code).toBe(4);
    const lines = await entries(report);
    expect(lines).toHaveLength(40);
    const failed = lines.filter((e) => e.ok === false).map((e) => Number(e.line));
    expect(failed).toHaveLength(30);
    expect(first.stdout).toContain("Done: 10 ok, 30 failed");
    // The progress lines said why: the install down, one probe at a time.
    expect(first.stderr).toMatch(/limit 1\/4, .*install down for \d+s, one probe at a time, ETA/);

    server.endOutage();
    const acceptedBefore = server.stats.accepted.length;
    const again = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(again.code).toBe(0);
    const resent = server.stats.accepted
      .slice(acceptedBefore)
      .map((body) => Number(new URLSearchParams(body).get("customer_id")) + 1);
    expect(resent.sort((a, b) => a - b)).toEqual(failed.sort((a, b) => a - b));
  }, 30_000);

  it("stops promptly on Ctrl-C while the server asked to wait, and loses no report line", async () => {
    const server = await scenario({
      latencyMs: 0,
      outage: { afterRequests: 20, forMs: 600_000, retryAfterS: 30 },
    });
    const { file, report } = await rowsFile("interrupted", 100);
    const child = startCli(
      [CMD, "--from", file, "--report", report, "--concurrency", "4"],
      apiEnv(server.url),
    );
    const done = finish(child);
    child.stdin?.end();
    // Interrupt once the run is quiet inside the outage: every row waits, for its Retry-After or for its
    // turn behind the install being down (how many rows reached the server first depends on timing).
    for (let seen = -1; server.stats.duringOutage < 1 || server.stats.requests !== seen; ) {
      seen = server.stats.requests;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const requestsAtInterrupt = server.stats.requests;
    child.kill("SIGINT");
    const result = await done;
    expect(result.code).toBe(130);
    expect(server.stats.requests).toBe(requestsAtInterrupt);
    // Every row the server applied has its line; the rows that were waiting have none, so resume sends them.
    const lines = await entries(report);
    expect(lines.filter((e) => e.ok === true)).toHaveLength(server.stats.accepted.length);
    expect(lines.every((e) => e.ok === true)).toBe(true);
  }, 15_000);
});
