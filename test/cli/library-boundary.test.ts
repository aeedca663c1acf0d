import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));
const SPECIFIER = /(?:import|export)\s[^;]*?from\s+"([^"]+)"/g;

/** Every file and package reachable through static imports from one source file. */
async function importGraph(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (files.has(file)) return;
    files.add(file);
    const text = await readFile(file, "utf8");
    for (const [, specifier = ""] of text.matchAll(SPECIFIER)) {
      if (specifier.startsWith(".")) await visit(join(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.add(specifier);
    }
  };
  await visit(entry);
  return { files, packages };
}

describe("the library entry stays free of the CLI", () => {
  it("imports neither src/cli nor the CLI's dependencies, only openapi-fetch", async () => {
    const { files, packages } = await importGraph(join(src, "index.ts"));
    expect([...files].map((file) => relative(src, file)).filter((file) => file.startsWith("cli/"))).toEqual(
      [],
    );
    expect([...packages]).toEqual(["openapi-fetch"]);
  });

  it("reaches the library from the CLI only through its public entry and the generated data", async () => {
    const { files } = await importGraph(join(src, "cli", "main.ts"));
    const reached: string[] = [];
    for (const file of [...files].filter((f) => relative(src, f).startsWith("cli/"))) {
      const text = await readFile(file, "utf8");
      for (const [, specifier = ""] of text.matchAll(SPECIFIER)) {
        if (!specifier.startsWith(".")) continue;
        const target = relative(src, join(dirname(file), specifier.replace(/\.js$/, ".ts")));
        if (!target.startsWith("cli/")) reached.push(target);
      }
    }
    expect(reached).toContain("index.ts");
    expect(reached.filter((target) => target !== "index.ts" && !target.startsWith("generated/"))).toEqual([]);
  });

  it("sees the CLI's own imports (so the check above can fail)", async () => {
    const { packages } = await importGraph(join(src, "cli", "main.ts"));
    expect(packages).toContain("csv-parse");
    expect(packages).toContain("cli-progress");
  });
});
