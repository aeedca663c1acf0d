import { join } from "node:path";
import { build } from "esbuild";

/**
 * Bundles dist/index.js into one file, openapi-fetch left as an import, the way a bundling build
 * step would publish it. Written under node_modules/.cache so `openapi-fetch` still resolves from it.
 * Only measured (section 4), never shipped.
 */
export async function buildSingleFile(root: string): Promise<string> {
  const outfile = join(root, "node_modules/.cache/trackfinity-bench/index.mjs");
  await build({
    entryPoints: [join(root, "dist/index.js")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    external: ["openapi-fetch"],
    logLevel: "warning",
  });
  return outfile;
}
