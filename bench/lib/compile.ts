import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

/**
 * Bundles the child-process entries in bench/children/ to plain .mjs files in a temporary folder,
 * so children start with bare `node` (no tsx loader in their start-up time or memory).
 */
export async function compileChildren(root: string, names: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), "trackfinity-bench-"));
  await build({
    entryPoints: names.map((name) => join(root, "bench/children", `${name}.ts`)),
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  return {
    dir,
    path: (name: string) => join(dir, `${name}.mjs`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
