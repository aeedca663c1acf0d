import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { timesApplied } from "./support/fake-trackfinity.ts";
import { parseReport, writeCustomersCsv } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, finish, runCli, startCli } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const ROWS = 120;
const { inDir, serve } = useTempDirAndFake();

async function reportEntries(path: string): Promise<Array<Record<string, unknown>>> {
  return parseReport(await readFile(path, "utf8").catch(() => ""));
}

/** Polls the report until it has `count` lines; fails the test if the run ends first. */
async function waitForReportLines(path: string, count: number, exited: () => boolean): Promise<void> {
  for (;;) {
    if ((await reportEntries(path)).length >= count) return;
    if (exited()) throw new Error(`the run ended before its report had ${count} lines`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectEveryRowExactlyOnce(counts: Map<string, number>): void {
  expect(counts.size).toBe(ROWS);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

/**
 * Starts a bulk run of ROWS rows with a report, waits until the report has `lines` lines, then
 * sends `signal`; resolves with the files and how the run ended.
 */
async function interruptBulkRun(
  serverUrl: string,
  name: string,
  { lines, signal, extra = [] }: { lines: number; signal: NodeJS.Signals; extra?: string[] },
) {
  const file = inDir(`${name}.csv`);
  await writeCustomersCsv(file, ROWS);
  const report = inDir(`${name}.ndjson`);
  const child = startCli([CMD, "--from", file, "--report", report, ...extra], apiEnv(serverUrl));
  const done = finish(child);
  await waitForReportLines(report, lines, () => child.exitCode !== null);
  child.kill(signal);
  return { file, report, result: await done };
}

describe("Ctrl-C and --resume", () => {
  it("on Ctrl-C lets in-flight rows finish, flushes the report, exits 130; --resume sends each remaining row once", async () => {
    const server = await serve(() => ({ status: 200, body: "true", delayMs: 25 }));
    const {
      file,
      report,
      result: interrupted,
    } = await interruptBulkRun(server.url, "sigint", {
      lines: 20,
      signal: "SIGINT",
      extra: ["--concurrency", "4"],
    });

    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("Stopping: no new rows are sent");
    expect(interrupted.stdout).toContain(`--resume ${report}`);
    const firstRun = await reportEntries(report);
    expect(firstRun.length).toBeLessThan(ROWS);
    // Every request the server received was answered and recorded: nothing in flight was lost.
    expect(firstRun.length).toBe(server.received.length);

    const resumed = await runCli(
      [CMD, "--from", file, "--resume", report, "--concurrency", "4"],
      apiEnv(server.url),
    );
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${firstRun.length} skipped (already ok)`);
    expect(server.received).toHaveLength(ROWS);
    expectEveryRowExactlyOnce(timesApplied(server.applied));
    const lines = (await reportEntries(report)).map((e) => e.line);
    expect(new Set(lines).size).toBe(ROWS);
    expect(lines).toHaveLength(ROWS);
  });

  it("after a hard kill, --resume applies every row exactly once", async () => {
    // The first 30 rows are answered; then the server holds every request, as if it hung, until the kill.
    let holding = true;
    const server = await serve((_request, index) =>
      holding && index >= 30 ? { status: 200, hold: true } : { status: 200, body: "true" },
    );
    const {
      file,
      report,
      result: killed,
    } = await interruptBulkRun(server.url, "sigkill", {
      lines: 30,
      signal: "SIGKILL",
      extra: ["--concurrency", "4"],
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(await reportEntries(report)).toHaveLength(30);

    holding = false;
    const resumed = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    expectEveryRowExactlyOnce(timesApplied(server.applied));
    const entries = await reportEntries(report);
    expect(entries.filter((e) => e.ok)).toHaveLength(ROWS);
    expect(new Set(entries.map((e) => e.line)).size).toBe(ROWS);
  });

  it("exits 143 on SIGTERM after the rows in flight finish", async () => {
    const server = await serve(() => ({ status: 200, body: "true", delayMs: 25 }));
    const { report, result } = await interruptBulkRun(server.url, "sigterm", { lines: 5, signal: "SIGTERM" });
    expect(result.code).toBe(143);
    expect(await reportEntries(report)).toHaveLength(server.received.length);
  });

  it("on SIGTERM while the file is being checked, says that nothing was sent, and exits 143", async () => {
    const server = await serve();
    // Every row is invalid, so the check pass writes a line per row: the test reads the first, then
    // signals. The run cannot get far ahead, as its writes to stderr wait for the test to read them.
    const file = inDir("checking.csv");
    await writeFile(
      file,
      `customer_id,firstname\n${Array.from({ length: 200_000 }, (_, i) => `${i + 1},\n`).join("")}`,
    );
    const child = startCli([CMD, "--from", file], apiEnv(server.url));
    child.stdin?.end();
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      if (!stderr) child.kill("SIGTERM");
      stderr += chunk;
    });
    const [code] = await once(child, "close");
    expect(code).toBe(143);
    expect(stderr).toContain(
      `trackfinity: Interrupted by SIGTERM while checking ${file}; nothing was sent.\n`,
    );
    expect(stderr).not.toContain("may or may not have reached the server");
    expect(server.received).toHaveLength(0);
  });

  it("abandons the rows in flight on a second Ctrl-C, leaving them out of the report", async () => {
    let holding = true;
    const server = await serve(() => (holding ? { status: 200, hold: true } : { status: 200, body: "true" }));
    const file = inDir("twice.csv");
    await writeCustomersCsv(file, ROWS);
    const report = inDir("twice.ndjson");
    const child = startCli(
      [CMD, "--from", file, "--report", report, "--concurrency", "3"],
      apiEnv(server.url),
    );
    const done = finish(child);
    while (server.received.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    let stderr = "";
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.kill("SIGINT");
    // Signals of one kind do not queue: wait until the first is handled before sending the second.
    while (!stderr.includes("Press Ctrl-C again")) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain(`0 ok, 0 failed, 0 skipped (already ok), ${ROWS} not sent`);
    expect(await reportEntries(report)).toHaveLength(0);

    holding = false;
    const resumed = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    expectEveryRowExactlyOnce(timesApplied(server.applied));
  });

  it("resends rows that failed, and skips only rows marked ok", async () => {
    let failing = true;
    const server = await serve((r) =>
      failing && r.fields.get("customer_id") === "2"
        ? { status: 404, body: "" }
        : { status: 200, body: "true" },
    );
    const file = inDir("retry.csv");
    await writeCustomersCsv(file, 3);
    const report = inDir("retry.ndjson");
    expect((await runCli([CMD, "--from", file, "--report", report], apiEnv(server.url))).code).toBe(3);
    failing = false;
    const resumed = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("Done: 1 ok, 0 failed, 2 skipped");
    expect(server.received.map((r) => r.fields.get("customer_id"))).toEqual(
      expect.arrayContaining(["2", "2"]),
    );
    expect(server.received).toHaveLength(4);
  });

  it("continues a report whose last line was cut off by a crash, on every later run too", async () => {
    const server = await serve();
    const file = inDir("cut.csv");
    await writeCustomersCsv(file, 4);
    const report = inDir("cut.ndjson");
    const first = '{"line":2,"customer_id":"1","ok":true}\n';
    await writeFile(report, `${first}{"line":3,"custo`);
    const resumed = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    expect(server.received.map((r) => r.fields.get("customer_id")).sort()).toEqual(["2", "3", "4"]);
    const text = await readFile(report, "utf8");
    expect(text.startsWith(first)).toBe(true);
    const appended = text.slice(first.length).split("\n").filter(Boolean);
    expect(appended.map((l) => JSON.parse(l).line).sort()).toEqual([3, 4, 5]);

    // A second crash cuts the new last line; every resume after it still reads the report.
    await writeFile(report, `${text.slice(0, -10)}`);
    const again = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(again.code).toBe(0);
    const last = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(last.code).toBe(0);
    expect(last.stdout).toContain("4 skipped (already ok), 0 not sent");
    expect(server.received).toHaveLength(4);
  });

  it("refuses a report that belongs to another file, sending nothing", async () => {
    const server = await serve();
    const file = inDir("other.csv");
    await writeCustomersCsv(file, 3, 500);
    const report = inDir("other.ndjson");
    await writeFile(report, '{"line":2,"customer_id":"1","ok":true}\n');
    const result = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "The report marks line 2 ok, but that row of the input file is not the one it sent",
    );
    expect(server.received).toHaveLength(0);
  });

  it("names the --remove-token that differs from the first run's, instead of blaming another file", async () => {
    const server = await serve();
    const file = inDir("token.csv");
    await writeFile(file, "customer_id,firstname,address2\n1,Ann,{REMOVE}\n2,Bo,XX\n3,Cy,\n");
    const cases = [
      { first: ["--remove-token", "{REMOVE}"], again: [], line: 2 },
      { first: ["--remove-token", "XX"], again: [], line: 3 },
      { first: ["--remove-token", "XX"], again: ["--remove-token", "{REMOVE}"], line: 3 },
    ];
    for (const [i, { first, again, line }] of cases.entries()) {
      const report = inDir(`token-${i}.ndjson`);
      expect(
        (await runCli([CMD, "--from", file, ...first, "--report", report], apiEnv(server.url))).code,
      ).toBe(0);
      const received = server.received.length;
      const result = await runCli([CMD, "--from", file, ...again, "--resume", report], apiEnv(server.url));
      expect(result.code).toBe(2);
      const theirs = `--remove-token '${first[1]}'`;
      const ours = again.length ? `--remove-token '${again[1]}'` : "no --remove-token";
      expect(result.stderr).toContain(
        `trackfinity: The report marks line ${line} ok as sent with ${theirs}, but this run has ${ours}. Run it again with ${theirs}, as the first run.\n`,
      );
      expect(result.stderr).not.toContain("belongs to another file");
      expect(server.received).toHaveLength(received);
    }
  });

  it("refuses a report of an edited file (same ids, other values), sending nothing", async () => {
    const server = await serve();
    const file = inDir("edited.csv");
    await writeCustomersCsv(file, 3);
    const report = inDir("edited.ndjson");
    expect((await runCli([CMD, "--from", file, "--report", report], apiEnv(server.url))).code).toBe(0);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("2,Name 2,", "2,Renamed,"));
    const result = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "The report marks line 3 ok, but that row of the input file is not the one it sent",
    );
    expect(server.received).toHaveLength(3);
  });

  it("lets rows that failed be edited before a resume, and sends them", async () => {
    const server = await serve((request) =>
      request.fields.get("firstname") === "Bad"
        ? { status: 400, body: '"bad name"' }
        : { status: 200, body: "true" },
    );
    const file = inDir("fixed.csv");
    await writeFile(file, "customer_id,firstname\n1,Ann\n2,Bad\n");
    const report = inDir("fixed.ndjson");
    expect((await runCli([CMD, "--from", file, "--report", report], apiEnv(server.url))).code).toBe(3);
    await writeFile(file, "customer_id,firstname\n1,Ann\n2,Bob\n");
    const result = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(result.code).toBe(0);
    expect(server.applied.map((r) => r.fields.get("firstname"))).toEqual(["Ann", "Bob"]);
  });

  it("counts what is left with --resume --dry-run, without writing", async () => {
    const file = inDir("left.csv");
    await writeCustomersCsv(file, 5);
    const report = inDir("left.ndjson");
    const before =
      '{"line":2,"customer_id":"1","ok":true}\n{"line":3,"customer_id":"2","ok":false,"error":"X"}\n';
    await writeFile(report, before);
    const result = await runCli(
      [CMD, "--from", file, "--resume", report, "--dry-run"],
      apiEnv("https://t.example.test/api"),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 already ok in the report would be skipped");
    expect(await readFile(report, "utf8")).toBe(before);
  });
});
