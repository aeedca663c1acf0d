#!/usr/bin/env node
// Prints the plain closing line `N passed, N failed` from vitest's JSON report.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-results.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.log("0 passed, 1 failed");
  console.error(`ci-summary: no vitest report at ${file}; npm test stopped before vitest ran.`);
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`,
);
if (skipped) console.error("ci-summary: skipped tests are not allowed in CI; make them run or delete them.");
process.exit(report.numFailedTests === 0 && report.numPassedTests > 0 && skipped === 0 ? 0 : 1);
