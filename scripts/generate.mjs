#!/usr/bin/env node
// Writes everything derived from openapi.yaml into src/generated/.
// `--check` writes nothing and exits 1, naming each stale file, when src/generated/ is out of date.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";
import { describeOperations, SpecError } from "./generate/describe-operations.mjs";
import {
  banner,
  operationDataModule,
  operationDocsModule,
  operationRequestsModule,
  operationTypesModule,
} from "./generate/emit-modules.mjs";

const root = new URL("../", import.meta.url);
const specUrl = new URL("openapi.yaml", root);
const outDir = new URL("src/generated/", root);

let model;
try {
  model = describeOperations(parse(await readFile(specUrl, "utf8")));
} catch (error) {
  if (!(error instanceof SpecError)) throw error;
  console.error(`generate: openapi.yaml can't be run as data: ${error.message}`);
  process.exit(1);
}
const types = astToString(await openapiTS(specUrl, { exportType: false }));
const wanted = {
  "openapi.ts": `${banner("TypeScript types, openapi-typescript")}${types}`,
  "operation-data.ts": operationDataModule(model),
  "operation-docs.ts": operationDocsModule(model),
  "operation-requests.ts": operationRequestsModule(model),
  "operation-types.ts": operationTypesModule(model),
};

if (process.argv.includes("--check")) {
  const stale = [];
  for (const [name, content] of Object.entries(wanted)) {
    const current = await readFile(new URL(name, outDir), "utf8").catch(() => null);
    if (current !== content) stale.push(`src/generated/${name}`);
  }
  const present = await readdir(outDir).catch(() => []);
  for (const name of present)
    if (!(name in wanted)) stale.push(`src/generated/${name} (not generated: remove it)`);
  if (stale.length) {
    console.error(
      `check:generated: out of date with openapi.yaml:\n  ${stale.join("\n  ")}\nRun \`npm run generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`check:generated: src/generated/ is current (${Object.keys(wanted).length} files).`);
} else {
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(outDir)) if (!(name in wanted)) await rm(new URL(name, outDir));
  for (const [name, content] of Object.entries(wanted)) await writeFile(new URL(name, outDir), content);
  console.log(
    `generate: wrote ${Object.keys(wanted)
      .map((n) => `src/generated/${n}`)
      .join(", ")} from ${fileURLToPath(specUrl)} (${model.operations.length} operations)`,
  );
}
