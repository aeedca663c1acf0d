import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Build } from "./builds.ts";
import { API_KEY, API_USERNAME } from "./fixture.ts";
import { type ProcessRun, runMeasured } from "./run-measured.ts";

export const CLI_PATH = "dist/cli/main.js";
export const CONCURRENCY = 16;
const RUN_TIMEOUT_MS = 180_000;

/** One whole process of section 3. */
export interface Contender {
  name: string;
  /** Runs the contender over `csv`, writing its report to `report`. */
  run(csv: string, report: string): Promise<ProcessRun>;
}

/** What section 3 runs of one build: the client loop, and the CLI once it is built. */
export interface BuildContenders {
  build: Build;
  clientLoop: Contender;
  cli: Contender | undefined;
}

/** "trackfinity CLI", or "trackfinity CLI @6bc153b" for a baseline build's. */
export const cliName = (build: Build) => build.name.replace("trackfinity-client", "trackfinity CLI");

/**
 * Section 3's processes, all sending to `baseUrl` with CONCURRENCY rows in flight: the hand-written
 * fetch loop (`child` gives a compiled bench/children entry), and per build the same loop sending with
 * its client and its CLI.
 */
export function bulkContenders(baseUrl: string, child: (name: string) => string) {
  const env = {
    TRACKFINITY_BASE_URL: baseUrl,
    TRACKFINITY_API_KEY: API_KEY,
    TRACKFINITY_API_USERNAME: API_USERNAME,
  };
  const run = (args: (csv: string, out: string) => string[]) => (csv: string, out: string) =>
    runMeasured(process.execPath, args(csv, out), env, RUN_TIMEOUT_MS);
  const loop = (script: string, ...extra: string[]) =>
    run((csv, out) => [script, csv, String(CONCURRENCY), out, ...extra]);
  const cli = (build: Build): Contender | undefined => {
    const cliPath = join(build.dir, CLI_PATH);
    if (!existsSync(cliPath)) return undefined;
    return {
      name: cliName(build),
      run: run((csv, out) => [
        ...[cliPath, "set-customer-details", "--from", csv],
        ...["--concurrency", String(CONCURRENCY), "--report", out],
      ]),
    };
  };
  return {
    fetchLoop: { name: "hand-written fetch loop", run: loop(child("fetch-loop")) } satisfies Contender,
    of: (build: Build): BuildContenders => ({
      build,
      clientLoop: {
        name: `the same loop with ${build.name}`,
        run: loop(child("client-loop"), join(build.dir, "dist/index.js")),
      },
      cli: cli(build),
    }),
  };
}
