import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import type { Build } from "./builds.ts";

/**
 * Bundles a build's dist/index.js into one file, openapi-fetch left as an import, the way a bundling
 * build step would publish it. Written under `root`'s node_modules/.cache (one file per build, in the
 * same folder) so `openapi-fetch` still resolves from it. Only measured (section 4), never shipped.
 */
export async function buildSingleFile(root: string, from: Build): Promise<{ path: string; remove(): void }> {
  const outfile = join(
    root,
    "node_modules/.cache/trackfinity-bench",
    `${from.name.replace(/\W+/g, "-")}.mjs`,
  );
  await build({
    entryPoints: [join(from.dir, "dist/index.js")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    external: ["openapi-fetch"],
    logLevel: "warning",
  });
  return { path: outfile, remove: () => rmSync(outfile, { force: true }) };
}
