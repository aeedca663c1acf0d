import { gzipSync } from "node:zlib";
import { build, type Platform } from "esbuild";
import { allBuilds, type Builds } from "./lib/builds.ts";
import { baselineRow, type Row, type Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

interface Entry {
  name: string;
  /** The module a user's bundler is handed: everything the package exports. */
  contents: string;
  platform: Platform;
  /** Where `contents` resolves its imports: `trackfinity-client` is the package in this folder. */
  resolveDir: string;
  /** A baseline's entry names the current build's entry it is compared with. */
  current?: string;
}

/** Minified and gzipped (level 9) size of one esbuild bundle, in bytes. */
async function bundledBytes(entry: Entry): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: "js" },
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
export async function bundleSize(builds: Builds): Promise<Section> {
  const root = builds.current.dir;
  const entries: Entry[] = [
    {
      name: "openapi-fetch",
      contents: 'export * from "openapi-fetch"; export { default } from "openapi-fetch";',
      platform: "neutral",
      resolveDir: root,
    },
    ...allBuilds(builds).map((b) => ({
      name: b.name,
      contents: 'export * from "trackfinity-client";',
      platform: "neutral" as const,
      resolveDir: b.dir,
      ...(b === builds.baseline ? { current: builds.current.name } : {}),
    })),
    {
      name: "axios (browser build)",
      contents: 'export * from "axios"; export { default } from "axios";',
      platform: "browser",
      resolveDir: root,
    },
    {
      name: "axios (Node build)",
      contents: 'export * from "axios"; export { default } from "axios";',
      platform: "node",
      resolveDir: root,
    },
  ];
  const sizes = new Map<string, { minified: number; gzipped: number }>();
  for (const entry of entries) sizes.set(entry.name, await bundledBytes(entry));
  const gzipped = (name: string) => sizes.get(name)?.gzipped ?? Number.NaN;
  const reference = gzipped("openapi-fetch");
  const rows: Row[] = entries.map((entry) => {
    const size = sizes.get(entry.name) ?? { minified: Number.NaN, gzipped: Number.NaN };
    const row: Row = {
      measured: `${entry.name}, minified + gzip`,
      unit: "B",
      value: summarize([size.gzipped]),
      note: `${size.minified.toLocaleString("en-US")} B minified`,
    };
    if (entry.current) {
      return baselineRow(row, { value: gzipped(entry.current) / size.gzipped }, "lower");
    }
    if (entry.name !== "openapi-fetch")
      row.ratio = { value: size.gzipped / reference, reference: "openapi-fetch" };
    return row;
  });
  return { title: "5. Bundle size of the library entry (esbuild, lower is better)", rows };
}
