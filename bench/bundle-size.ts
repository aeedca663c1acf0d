import { gzipSync } from "node:zlib";
import { build, type Platform } from "esbuild";
import type { Row, Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

interface Entry {
  name: string;
  /** The module a user's bundler is handed: everything the package exports. */
  contents: string;
  platform: Platform;
}

/** Minified and gzipped (level 9) size of one esbuild bundle, in bytes. */
async function bundledBytes(root: string, entry: Entry): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: entry.platform,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * 5. What each package adds to a user's bundle: esbuild, minified, gzipped. Neutral platform as in
 * test/package/bundle-size.test.ts; axios needs a platform (it has a browser and a Node build).
 */
export async function bundleSize(root: string): Promise<Section> {
  const entries: Entry[] = [
    {
      name: "openapi-fetch",
      contents: 'export * from "openapi-fetch"; export { default } from "openapi-fetch";',
      platform: "neutral",
    },
    { name: "trackfinity-client", contents: 'export * from "trackfinity-client";', platform: "neutral" },
    {
      name: "axios (browser build)",
      contents: 'export * from "axios"; export { default } from "axios";',
      platform: "browser",
    },
    {
      name: "axios (Node build)",
      contents: 'export * from "axios"; export { default } from "axios";',
      platform: "node",
    },
  ];
  const sizes = new Map<string, { minified: number; gzipped: number }>();
  for (const entry of entries) sizes.set(entry.name, await bundledBytes(root, entry));
  const reference = sizes.get("openapi-fetch")?.gzipped ?? Number.NaN;
  const rows: Row[] = entries.map((entry) => {
    const size = sizes.get(entry.name) ?? { minified: Number.NaN, gzipped: Number.NaN };
    const row: Row = {
      measured: `${entry.name}, minified + gzip`,
      unit: "B",
      value: summarize([size.gzipped]),
      note: `${size.minified.toLocaleString("en-US")} B minified`,
    };
    if (entry.name !== "openapi-fetch")
      row.ratio = { value: size.gzipped / reference, reference: "openapi-fetch" };
    return row;
  });
  return { title: "5. Bundle size of the library entry (esbuild, lower is better)", rows };
}
