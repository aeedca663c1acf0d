import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseReport, writeCustomersCsv } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, BIN, runCli, SENTINEL_KEY } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const { inDir, serve } = useTempDirAndFake();

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** Runs the binary with stdout and stderr on a pseudo-terminal, via util-linux `script`. */
async function runInTerminal(args: string[], env: Record<string, string>) {
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  const child = spawn("script", ["--quiet", "--return", "--flush", "--command", command, "/dev/null"], {
    env: { ...env, TERM: "xterm", COLUMNS: "120", LINES: "40" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    screen += chunk;
  });
  child.stdin.end();
  const [code] = await once(child, "close");
  return { code: code as number | null, screen };
}

describe("progress", () => {
  it("draws a bar with rows done/total, rate, errors and ETA when stderr is a terminal", async () => {
    const server = await serve((r) =>
      r.fields.get("customer_id") === "7"
        ? { status: 404, body: "" }
        : { status: 200, body: "true", delayMs: 2 },
    );
    const file = inDir("tty.csv");
    await writeCustomersCsv(file, 200);
    const report = inDir("tty.ndjson");
    const { code, screen } = await runInTerminal(
      [CMD, "--from", file, "--report", report],
      apiEnv(server.url),
    );
    expect(code).toBe(3);
    expect(screen).not.toContain(SENTINEL_KEY);
    // cli-progress redraws the line in place (ESC[1G … ESC[0K) with the format's fields filled in.
    expect(screen).toContain("\u001b[1G");
    expect(screen).toMatch(/200\/200 rows \| \d+(\.\d)? rows\/s \| 1 errors \| limit \d+\/4 \| ETA 0s/);
    expect(screen).toContain("line 8: Trackfinity refused");
    expect(screen).not.toContain("progress: ");
    expect(parseReport(await readFile(report, "utf8"))).toHaveLength(200);
  });

  it("draws --verbose lines above the bar, each on a line of its own", async () => {
    const server = await serve(() => ({ status: 200, body: "true", delayMs: 5 }));
    const file = inDir("verbose.csv");
    await writeCustomersCsv(file, 30);
    const { code, screen } = await runInTerminal([CMD, "--from", file, "--verbose"], apiEnv(server.url));
    expect(code).toBe(0);
    const starts = [...screen.matchAll(/trackfinity: PATCH /g)].map((match) => match.index);
    expect(starts).toHaveLength(30);
    // A line of its own: after a line break, or after the bar's line was cleared (ESC[2K), never
    // glued to the end of the bar.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC[2K is the terminal's clear-line.
    for (const at of starts) expect(screen.slice(Math.max(0, at - 4), at)).toMatch(/(\n|\u001b\[2K)$/);
    expect(screen).toMatch(/30\/30 rows/);
  });

  it("prints a plain line per tenth of the rows when stderr is not a terminal", async () => {
    const server = await serve();
    const file = inDir("plain.csv");
    await writeCustomersCsv(file, 100);
    // Without the latency-aware limit: on a loaded machine its "install slowing" part may join a line.
    const result = await runCli([CMD, "--from", file, "--ignore-latency"], apiEnv(server.url));
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(10);
    lines.forEach((line, i) => {
      expect(line).toMatch(
        new RegExp(
          // The install's answers may slow while other tests run: the line then says so.
          `^progress: ${(i + 1) * 10}/100 rows \\(${(i + 1) * 10}%\\), 0 errors, [\\d.]+ rows/s, limit \\d+/4(, install slowing: \\d+ ms vs \\d+ ms)?, ETA \\d+s$`,
        ),
      );
    });
    expect(result.stderr).not.toContain("\u001b[");
  });
});
