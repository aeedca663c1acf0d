import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type Answer, timesApplied } from "./support/fake-trackfinity.ts";
import { parseReport, writeCustomersCsv } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, BIN, finish, runCli, startCli } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const OK: Answer = { status: 200, body: "true" };
const { inDir, serve } = useTempDirAndFake();

/** A gate the fake's answers wait behind until the test opens it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A CSV of `rows` customers in this test file's folder. */
async function customers(name: string, rows: number): Promise<string> {
  const file = inDir(name);
  await writeCustomersCsv(file, rows);
  return file;
}

/** The report's whole lines: a write cut off by a full disk leaves a part of a line last. */
async function wholeLines(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, "utf8");
  return parseReport(text.slice(0, text.lastIndexOf("\n") + 1));
}

describe("a closed stdout or stderr", () => {
  it("never stops a run with a report: every row sent gets its report line (2>&1 | head -1)", async () => {
    const ROWS = 400;
    const { opened, open } = gate();
    // The first tenth is answered at once, so the first progress line comes; the rest waits for the test.
    const server = await serve((_request, index) => (index < 40 ? OK : { ...OK, after: opened }));
    const report = inDir("closed.ndjson");
    const child = startCli(
      [CMD, "--from", await customers("closed.csv", ROWS), "--report", report],
      apiEnv(server.url),
    );
    child.stdin?.end();
    await once(child.stderr ?? child, "data");
    child.stdout?.destroy();
    child.stderr?.destroy();
    open();
    const [code] = await once(child, "close");
    expect(code).toBe(0);
    expect(server.received).toHaveLength(ROWS);
    expect(parseReport(await readFile(report, "utf8"))).toHaveLength(ROWS);
  });

  it("stops sending once stdout closes with --json and no --report, and exits 5", async () => {
    const ROWS = 400;
    const { opened, open } = gate();
    const server = await serve((_request, index) => (index < 3 ? OK : { ...OK, after: opened }));
    const child = startCli(
      [CMD, "--from", await customers("json.csv", ROWS), "--json", "--concurrency", "2"],
      apiEnv(server.url),
    );
    child.stdin?.end();
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    await once(child.stdout ?? child, "data");
    child.stdout?.destroy();
    open();
    const [code] = await once(child, "close");
    expect(code).toBe(5);
    expect(stderr).toContain(
      "trackfinity: standard output closed (EPIPE), and with --json and no --report the results have nowhere else to go; sending stopped there.",
    );
    expect(server.received.length).toBeLessThan(ROWS);
  });
});

describe("a report that can't be written", () => {
  it("stops sending at the first failed write and says which file and why, in one line, exit 5", async () => {
    const ROWS = 50;
    const server = await serve();
    const result = await runCli(
      [CMD, "--from", await customers("full.csv", ROWS), "--report", "/dev/full", "--concurrency", "1"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(5);
    expect(result.stderr.split("\n").filter((line) => line.includes("/dev/full"))).toEqual([
      "trackfinity: cannot write the report /dev/full (ENOSPC: no space left on device); sending stopped there.",
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(server.received.length).toBeLessThan(ROWS);
    expect(result.stdout).toMatch(/^Stopped: \d+ ok, 0 failed, 0 skipped \(already ok\), \d+ not sent;/);
    expect(result.stdout).toContain(`${server.received.length} rows that finished are not in the report`);
  });

  it("leaves the rows a full disk kept out of the report for --resume, which sends each once more", async () => {
    const ROWS = 300;
    const server = await serve();
    const file = await customers("efbig.csv", ROWS);
    const report = inDir("efbig.ndjson");
    // A file size limit of a few KiB fails the report's writes with EFBIG part way, as a full disk would.
    const child = spawn(
      "sh",
      [
        "-c",
        'ulimit -f 4 && exec "$@"',
        "sh",
        process.execPath,
        BIN,
        CMD,
        "--from",
        file,
        "--report",
        report,
      ],
      { env: apiEnv(server.url), stdio: ["ignore", "pipe", "pipe"] },
    );
    const first = await finish(child);
    expect(first.code).toBe(5);
    expect(first.stderr).toContain(`trackfinity: cannot write the report ${report} (EFBIG: file too large)`);
    const sent = server.received.length;
    expect(sent).toBeLessThan(ROWS);
    const missing = Number(/(\d+) rows? that finished/.exec(first.stdout)?.[1]);
    expect((await wholeLines(report)).length + missing).toBe(sent);

    const resumed = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    const applied = timesApplied(server.applied);
    expect(applied.size).toBe(ROWS);
    expect([...applied.values()].filter((times) => times === 2)).toHaveLength(missing);
    expect([...applied.values()].every((times) => times <= 2)).toBe(true);
  });

  it("refuses a --report that is a directory, or a FIFO no process reads, sending nothing", async () => {
    const server = await serve();
    const file = await customers("paths.csv", 5);
    const directory = inDir("a-directory");
    await mkdir(directory);
    const fifo = inDir("a-fifo");
    execFileSync("mkfifo", [fifo]);
    for (const [path, says] of [
      [directory, "this is a directory; name a file in it"],
      [fifo, "no process reads this FIFO; start its reader first."],
    ] as const) {
      const result = await runCli([CMD, "--from", file, "--report", path], apiEnv(server.url));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`trackfinity: --report ${path}: ${says}`);
    }
    expect(server.received).toHaveLength(0);
  });

  it("refuses to --resume a directory or a device, saying what it is", async () => {
    const server = await serve();
    const file = await customers("resume-paths.csv", 5);
    const directory = inDir("resume-directory");
    await mkdir(directory);
    for (const [path, kind] of [
      [directory, "a directory"],
      ["/dev/null", "a device"],
    ] as const) {
      const result = await runCli([CMD, "--from", file, "--resume", path], apiEnv(server.url));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `trackfinity: --resume ${path}: this is ${kind}, not a report; name the file an earlier run wrote with --report.\n`,
      );
    }
    expect(server.received).toHaveLength(0);
  });

  it("keeps a report written to /dev/stdout free of the summary, so --resume reads it", async () => {
    const ROWS = 20;
    const server = await serve();
    const file = await customers("stdout.csv", ROWS);
    const out = inDir("stdout.ndjson");
    const fd = openSync(out, "w");
    const child = spawn(process.execPath, [BIN, CMD, "--from", file, "--report", "/dev/stdout"], {
      env: apiEnv(server.url),
      stdio: ["ignore", fd, "pipe"],
    });
    closeSync(fd);
    const run = await finish(child);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Done: ${ROWS} ok, 0 failed`);
    const entries = parseReport(await readFile(out, "utf8"));
    expect(entries.map((entry) => entry.ok)).toEqual(Array(ROWS).fill(true));

    const resumed = await runCli([CMD, "--from", file, "--resume", out], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${ROWS} skipped (already ok), 0 not sent`);
  });
});
