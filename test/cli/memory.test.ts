import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTrackfinity, startFakeTrackfinity } from "./support/fake-trackfinity.ts";
import { parseReport, tempDir } from "./support/files.ts";
import { apiEnv, BIN } from "./support/run-cli.ts";

const PROBE = fileURLToPath(new URL("./support/memory-probe.mjs", import.meta.url));
const MiB = 1024 * 1024;
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: FakeTrackfinity;
beforeAll(async () => {
  dir = await tempDir();
  server = await startFakeTrackfinity();
});
afterAll(async () => {
  await server.close();
  await dir.cleanup();
});

/** A CSV of `count` rows of six fields each, ~70 bytes a row. */
async function writeWideCsv(path: string, count: number): Promise<void> {
  const lines = ["customer_id,firstname,lastname,email,zip,city"];
  for (let i = 1; i <= count; i++)
    lines.push(`${i},First${i},Last${i},user${i}@example.com,${10000 + (i % 90000)},City ${i % 97}`);
  await writeFile(path, `${lines.join("\n")}\n`);
}

/** Runs the binary under the memory probe; resolves to its exit code and peak live heap. */
async function measure(
  args: string[],
): Promise<{ code: number | null; maxHeapAfterGc: number; maxRss: number }> {
  const probeFile = dir.path(`probe-${Math.random().toString(36).slice(2)}.json`);
  const child = spawn(process.execPath, ["--expose-gc", "--import", PROBE, BIN, ...args], {
    env: { ...apiEnv(server.url), MEMORY_PROBE_FILE: probeFile },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const [code] = (await once(child, "close")) as [number | null];
  return { code, ...JSON.parse(await readFile(probeFile, "utf8")) };
}

describe("memory stays flat on large files", () => {
  it("a dry run of 100,000 rows keeps no more live heap than one of 1,000", async () => {
    await writeWideCsv(dir.path("1k.csv"), 1_000);
    await writeWideCsv(dir.path("100k.csv"), 100_000);
    const small = await measure(["set-customer-details", "--from", dir.path("1k.csv"), "--dry-run"]);
    const large = await measure(["set-customer-details", "--from", dir.path("100k.csv"), "--dry-run"]);
    expect([small.code, large.code]).toEqual([0, 0]);
    // Holding even 40 bytes per row would add ~4 MiB at 100,000 rows.
    expect(large.maxHeapAfterGc).toBeLessThan(small.maxHeapAfterGc + 2 * MiB);
  });

  it("an NDJSON line of 32 MiB is refused without being held in memory", async () => {
    const line = (firstname: string) => `${JSON.stringify({ customer_id: "1", firstname })}\n`;
    await writeFile(dir.path("short.ndjson"), line("Ann").repeat(3));
    await writeFile(dir.path("huge.ndjson"), `${line("Ann")}${line("x".repeat(32 * MiB))}${line("Cy")}`);
    const short = await measure(["set-customer-details", "--from", dir.path("short.ndjson"), "--dry-run"]);
    const huge = await measure(["set-customer-details", "--from", dir.path("huge.ndjson"), "--dry-run"]);
    expect([short.code, huge.code]).toEqual([0, 2]);
    expect(huge.maxHeapAfterGc).toBeLessThan(short.maxHeapAfterGc + 4 * MiB);
  });

  it("a real run of 5,000 rows keeps no more live heap than one of 1,000", async () => {
    await writeWideCsv(dir.path("send-1k.csv"), 1_000);
    await writeWideCsv(dir.path("send-5k.csv"), 5_000);
    const args = (name: string) => [
      "set-customer-details",
      "--from",
      dir.path(`${name}.csv`),
      "--concurrency",
      "8",
      "--report",
      dir.path(`${name}.ndjson`),
    ];
    const small = await measure(args("send-1k"));
    const large = await measure(args("send-5k"));
    expect([small.code, large.code]).toEqual([0, 0]);
    expect(parseReport(await readFile(dir.path("send-5k.ndjson"), "utf8"))).toHaveLength(5_000);
    // Holding 500 bytes per row (a response, a promise with its closure) would add ~2.4 MiB at 5,000 rows.
    expect(large.maxHeapAfterGc).toBeLessThan(small.maxHeapAfterGc + 2 * MiB);
  }, 60_000);
});
