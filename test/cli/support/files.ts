import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary folder for one test file's inputs and reports, removed by `cleanup`. */
export async function tempDir(): Promise<{ path: (name: string) => string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "trackfinity-cli-"));
  return { path: (name) => join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a CSV of `count` rows, customer ids 1…count, each setting firstname (and zip). */
export async function writeCustomersCsv(path: string, count: number, firstId = 1): Promise<void> {
  const lines = ["customer_id,firstname,zip"];
  for (let i = 0; i < count; i++) lines.push(`${firstId + i},Name ${firstId + i},${10000 + i}`);
  await writeFile(path, `${lines.join("\n")}\n`);
}

/** Parses an NDJSON report file into its entries. */
export function parseReport(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
