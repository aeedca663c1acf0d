// npm run bench: every comparison of docs/performance.md, measured side by side in one run.
// `--quick` shortens every section for trying the harness out; it prints but never writes the docs.
// `--baseline REF` builds REF's dist/ in a temporary folder and measures it beside every
// trackfinity-client row, with the current build's ratio to it.
// `--only SECTION` (a number or name, e.g. `--only adaptive`) runs one section, and `--scenarios 5,6`
// only those of section 6; like --quick, they print the table but never write the docs.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { adaptiveBulk, SCENARIO_NUMBERS } from "./adaptive.ts";
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
  options: {
    quick: { type: "boolean", default: false },
    baseline: { type: "string" },
    only: { type: "string" },
    scenarios: { type: "string" },
  },
});
const quick = args.quick;
/** The sections, in order: the name `--only` takes, the title the progress prints, and the run. */
const SECTIONS: Array<[string, string, () => Promise<Section>]> = [
  ["per-call", "per-call cost", () => perCallCost(builds, quick)],
  ["round-trip", "loopback round trip", () => loopbackRoundTrip(builds, server.url, quick)],
  ["bulk", "bulk throughput", () => bulkThroughput(builds, server.url, children.path, workDir, quick)],
  ["import", "import cost", () => importCost(builds, quick)],
  ["bundle", "bundle size", () => bundleSize(builds)],
  [
    "adaptive",
    "bulk against a server that pushes back",
    () => adaptiveBulk(builds.current, children.path, workDir, quick, scenarios),
  ],
];
const names = SECTIONS.map(([name]) => name);
/** `--only`'s section, as its number: given as the number or the name. `--scenarios` alone means 6. */
function onlySection(value: string | undefined): number | undefined {
  if (value === undefined) return args.scenarios === undefined ? undefined : names.indexOf("adaptive") + 1;
  const number = /^\d$/.test(value) ? Number(value) : names.indexOf(value) + 1;
  if (number < 1 || number > names.length) {
    throw new Error(`bench: --only takes 1 to ${names.length} or one of ${names.join(", ")}, not ${value}`);
  }
  return number;
}
const only = onlySection(args.only);
const scenarios = args.scenarios?.split(",").map(Number) ?? SCENARIO_NUMBERS;
const unknown = scenarios.filter((n) => !SCENARIO_NUMBERS.includes(n));
if (unknown.length) throw new Error(`bench: --scenarios takes ${SCENARIO_NUMBERS.join(",")}, not ${unknown}`);
/** A partial run prints its table but leaves the docs' results alone. */
const partial = quick || only !== undefined;
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
  for (const [index, [, title, run]] of SECTIONS.entries()) {
    if (only !== undefined && only !== index + 1) continue;
    step(`${index + 1}/${SECTIONS.length} ${title}`);
    sections.push(await run());
  }
} finally {
  await server.stop();
  children.remove();
  rmSync(workDir, { recursive: true, force: true });
  baseline?.remove(); // also removed on exit or interrupt if anything before this try failed
}

const table = renderTable(sections);
const seconds = (performance.now() - started) / 1000;
console.log(table);
if (partial) {
  const load = `load average ${machine.loadAtStart.toFixed(2)} at the start, ${loadavg()[0]?.toFixed(2)} at the end`;
  console.error(`bench: ${machine.commit}, ${Math.round(seconds)} s, ${load}`);
  console.error("bench: --quick, --only or --scenarios run; docs/performance.md left as it was.");
} else {
  writeDocs(join(ROOT, "docs/performance.md"), { machine, table, seconds, command: COMMAND });
  console.error(`bench: wrote docs/performance.md (${Math.round(seconds)} s in all)`);
}
