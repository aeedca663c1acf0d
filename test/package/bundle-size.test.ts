import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * The library entry's size budget: everything a consumer's bundler pulls in, openapi-fetch included.
 * Issue 16 set 12,000 B for the transaction and report API to fit in; with it, errors as data, the
 * latency-aware pacer and redaction in every encoding the entry is 15.2 KB (docs/performance.md,
 * "Bundle size", has the growth by change). The budget keeps about 1 KB of headroom: a guard
 * against waste, not a target to golf.
 */
const BUDGET_BYTES = 16_000;

async function bundledSize(entry: string): Promise<{ minified: number; gzipped: number; inputs: string[] }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
  };
}

describe("the library entry's bundle", () => {
  it(`stays within ${BUDGET_BYTES} bytes minified and gzipped, openapi-fetch included`, async () => {
    const size = await bundledSize("../../src/index.ts");
    console.log(`library entry: ${size.minified} B minified, ${size.gzipped} B gzipped`);
    expect(size.inputs.some((input) => input.includes("node_modules/openapi-fetch/"))).toBe(true);
    expect(size.gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("pulls in openapi-fetch and nothing else from node_modules", async () => {
    const { inputs } = await bundledSize("../../src/index.ts");
    const packages = new Set(
      inputs
        .filter((input) => input.includes("node_modules/"))
        .map((input) => input.split("node_modules/")[1]?.split("/")[0]),
    );
    expect([...packages]).toEqual(["openapi-fetch"]);
  });
});
