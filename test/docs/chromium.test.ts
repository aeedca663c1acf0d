import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chromiumExecutable } from "./chromium.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { version } = JSON.parse(
  await readFile(join(root, "node_modules/@sparticuz/chromium/package.json"), "utf8"),
) as { version: string };

let cache: string;

beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), "trackfinity-chromium-cache-"));
});

afterEach(async () => {
  await rm(cache, { recursive: true, force: true });
});

describe("the docs tests' Chromium, from the @sparticuz/chromium dev dependency", () => {
  it("unpacks one whole, runnable binary when two test files ask at once on a fresh machine", async () => {
    // A temporary file left by a process that died mid-unpack (no process has an id this high).
    await mkdir(join(cache, version), { recursive: true });
    await writeFile(join(cache, version, "chromium.4194999.dead.partial"), "half a binary");

    const [first, second] = await Promise.all([chromiumExecutable(cache), chromiumExecutable(cache)]);

    expect(first).toBe(join(cache, version, "chromium"));
    expect(second).toBe(first);
    expect(await readdir(join(cache, version))).toEqual(["chromium"]);
    const { stdout } = await promisify(execFile)(first, ["--version"]);
    expect(stdout).toMatch(/^Chromium \d+\./);
  }, 60_000);
});
