#!/usr/bin/env node
// Prints the plain closing line `N passed, N failed` summed over vitest's JSON reports (one per
// Node version), after one line per report on stderr. Fails on a missing report, a failed test or
// test file, a run that passed nothing, or any skipped test.
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (!files.length) files.push(".vitest-results.json");
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    console.error(`ci-summary: no vitest report at ${file}; that run stopped before vitest finished.`);
    total.failed++;
    ok = false;
    continue;
  }
  // A file that fails outside any test (its setup, an import) counts no failed test, only a failed suite.
  const failed = report.numFailedTests + (report.numFailedTests ? 0 : report.numFailedTestSuites);
  const skipped = report.numPendingTests + report.numTodoTests;
  console.error(`ci-summary: ${file}: ${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
  total.passed += report.numPassedTests;
  total.failed += failed;
  total.skipped += skipped;
  if (failed || skipped || report.numPassedTests === 0) ok = false;
}
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
);
if (total.skipped)
  console.error("ci-summary: skipped tests are not allowed in CI; make them run or delete them.");
process.exit(ok ? 0 : 1);
