// npm run bench: every comparison of docs/performance.md, measured side by side in one run.
// `--quick` shortens every section for trying the harness out; it prints but never writes the docs.
// `--baseline REF` builds REF's dist/ in a temporary folder and measures it beside every
// trackfinity-client row, with the current build's ratio to it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { adaptiveBulk } from "./adaptive.ts";
import { bulkThroughput } from "./bulk.ts";
import { bundleSize } from "./bundle-size.ts";
import { importCost } from "./import-cost.ts";
import { buildBaseline } from "./lib/baseline-build.ts";
import { type Builds, currentBuild } from "./lib/builds.ts";
import { compileChildren } from "./lib/compile.ts";
import { startLoopbackServer } from "./lib/loopback-server.ts";
import { describeMachine } from "./lib/machine.ts";
import { ROOT } from "./lib/paths.ts";
import { renderTable, type Section } from "./lib/report.ts";
import { writeDocs } from "./lib/write-docs.ts";
import { perCallCost } from "./per-call.ts";
import { loopbackRoundTrip } from "./round-trip.ts";

const { values: args } = parseArgs({
  options: { quick: { type: "boolean", default: false }, baseline: { type: "string" } },
});
const quick = args.quick;
const COMMAND = `npm ci && npm run bench${args.baseline ? ` -- --baseline ${args.baseline}` : ""}`;
const started = performance.now();
const machine = describeMachine(ROOT);
const step = (what: string) =>
  console.error(`bench: ${what} (${Math.round((performance.now() - started) / 1000)} s)`);

if (args.baseline) step(`building the baseline ${args.baseline}`);
const baseline = args.baseline ? buildBaseline(ROOT, args.baseline) : undefined;
const builds: Builds = { current: currentBuild(ROOT), ...(baseline ? { baseline: baseline.build } : {}) };
const children = await compileChildren(ROOT, [
  "answer-true",
  "fetch-loop",
  "client-loop",
  "scenario-server",
  "live-traffic",
]);
const workDir = mkdtempSync(join(tmpdir(), "trackfinity-bench-bulk-"));
const server = await startLoopbackServer(children.path("answer-true"));
const sections: Section[] = [];
try {
  step("1/6 per-call cost");
  sections.push(await perCallCost(builds, quick));
  step("2/6 loopback round trip");
  sections.push(await loopbackRoundTrip(builds, server.url, quick));
  step("3/6 bulk throughput");
  sections.push(await bulkThroughput(builds, server.url, children.path, workDir, quick));
  step("4/6 import cost");
  sections.push(await importCost(builds, quick));
  step("5/6 bundle size");
  sections.push(await bundleSize(builds));
  step("6/6 bulk against a server that pushes back");
  sections.push(await adaptiveBulk(builds.current, children.path, workDir, quick));
} finally {
  await server.stop();
  children.remove();
  rmSync(workDir, { recursive: true, force: true });
  baseline?.remove(); // also removed on exit or interrupt if anything before this try failed
}

const table = renderTable(sections);
const seconds = (performance.now() - started) / 1000;
console.log(table);
if (quick) {
  console.error("bench: --quick run; docs/performance.md left as it was.");
} else {
  writeDocs(join(ROOT, "docs/performance.md"), { machine, table, seconds, command: COMMAND });
  console.error(`bench: wrote docs/performance.md (${Math.round(seconds)} s in all)`);
}
