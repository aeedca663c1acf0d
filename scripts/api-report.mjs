#!/usr/bin/env node
// The API report of the public entry, etc/trackfinity-client.api.md, made by API Extractor from
// dist/index.d.ts (run `npm run build` first) under api-extractor.json.
//   node scripts/api-report.mjs            `npm run api:check` (in `npm test`): fails when the
//                                          committed report differs from the API, printing the diff
//   node scripts/api-report.mjs --update   `npm run api:update`: rewrites the report; commit it
// Both fail on a forgotten export: a type that a user meets in a hover but can't import.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = fileURLToPath(new URL("../", import.meta.url));
const update = process.argv.includes("--update");
const fail = (message) => {
  console.error(`api: ${message}`);
  process.exit(1);
};

const config = ExtractorConfig.loadFileAndPrepare(join(root, "api-extractor.json"));
const entry = relative(root, config.mainEntryPointFilePath);
if (!existsSync(config.mainEntryPointFilePath)) fail(`${entry} is missing; run npm run build first.`);
const [report = ""] = config.reportConfigs.map((file) =>
  relative(root, join(config.reportFolder, file.fileName)),
);
const reportExisted = existsSync(join(root, report));

const result = Extractor.invoke(config, {
  localBuild: update,
  printApiReportDiff: !update,
  messageCallback(message) {
    // Its advice (copy a temp file, or "perform a local build") is replaced by the line below.
    if (message.messageId === "console-api-report-not-copied") message.handled = true;
    // "Analysis will use the bundled TypeScript version …": noise on every run.
    if (message.messageId === "console-preamble") message.handled = true;
  },
});

if (result.errorCount > 0) {
  fail(
    `API Extractor found ${result.errorCount} error(s) in ${entry} (above). For ae-forgotten-export, ` +
      "export the named type from src/index.ts, so a user can import every type a hover shows.",
  );
}
if (!update && result.apiReportChanged) {
  fail(
    reportExisted
      ? `${report} is stale: the public API changed (diff above). Run npm run api:update and commit ${report}.`
      : `${report} is missing. Run npm run api:update and commit ${report}.`,
  );
}
if (!result.succeeded) fail(`API Extractor failed with ${result.warningCount} warning(s) (above).`);
console.log(update ? `api: wrote ${report}.` : `api: ${report} matches ${entry}.`);
