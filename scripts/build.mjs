#!/usr/bin/env node
// npm run build: dist/ as published. One bundled file per entry (the library and the CLI), so
// importing the package loads one module instead of a dozen (see docs/performance.md, section 4),
// and .d.ts files from tsc. npm dependencies stay external imports.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const fail = (step, error) => {
  console.error(
    `build: ${step} failed: ${error.message ?? error}\nFix the source and run npm run build again.`,
  );
  process.exit(1);
};

rmSync(join(root, "dist"), { recursive: true, force: true });
try {
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
} catch (error) {
  fail("tsc (declarations)", error);
}

const common = {
  bundle: true,
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
  absWorkingDir: root,
};
try {
  await build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js", platform: "neutral" });
  await build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli/main.js", platform: "node" });
} catch (error) {
  fail("esbuild (bundles)", error);
}
