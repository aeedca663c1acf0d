#!/usr/bin/env node
// npm run build: dist/ as published. One bundled file per entry (the library and the CLI), so
// importing the package loads one module instead of a dozen (see docs/performance.md, section 4),
// and .d.ts files from tsc. The library keeps openapi-fetch, its one dependency, as an import; the
// CLI also bundles the packages only it uses (csv-parse, cli-progress), so installing the library
// installs nothing it does not run. Their licenses go to dist/cli/THIRD-PARTY-LICENSES.txt.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
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

const common = { bundle: true, format: "esm", target: "node20", logLevel: "warning", absWorkingDir: root };
let cli;
try {
  await build({
    ...common,
    entryPoints: ["src/index.ts"],
    outfile: "dist/index.js",
    platform: "neutral",
    packages: "external",
  });
  cli = await build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/cli/main.js",
    platform: "node",
    // The package's own dependencies stay imports; everything else the CLI uses is bundled.
    external: Object.keys(pkg.dependencies ?? {}),
    metafile: true,
    // csv-parse and cli-progress are CommonJS or ESM with `require` of Node built-ins inside.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
} catch (error) {
  fail("esbuild (bundles)", error);
}

/** The license text of every npm package bundled into the CLI, for dist/cli/THIRD-PARTY-LICENSES.txt. */
function thirdPartyLicenses(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  return [...packages].sort().map((name) => {
    const dir = join(root, "node_modules", name);
    const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
    if (!file)
      fail("licenses", new Error(`${name} ships no LICENSE file; check its terms before bundling it`));
    return `${name}@${version} (${license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
  });
}

writeFileSync(
  join(root, "dist/cli/THIRD-PARTY-LICENSES.txt"),
  `The trackfinity command bundles these packages:\n\n${thirdPartyLicenses(cli.metafile).join(`\n${"-".repeat(72)}\n\n`)}`,
);
