import { spawn } from "node:child_process";
import { atMost, pairedRatio, type Ratio, type Row, type Section } from "./lib/report.ts";
import { summarize } from "./lib/stats.ts";

interface Subject {
  name: string;
  /** What the fresh process imports; empty for Node alone. */
  specifier: string;
}

interface Sample {
  /** Time of the `import()` alone, measured inside the fresh process. */
  importMs: number;
  /** Spawn to exit, measured from here: Node's own start-up included. */
  processMs: number;
}

/** One fresh `node` process that imports `specifier` (resolved from the repo root, as a user's code would). */
function importOnce(root: string, specifier: string): Promise<Sample> {
  const code = specifier
    ? `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`
    : "process.stdout.write('0');";
  const started = performance.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("close", (status) => {
      const processMs = performance.now() - started;
      if (status !== 0) reject(new Error(`importing ${specifier} in a fresh process failed (${status})`));
      else resolve({ importMs: Number(out), processMs });
    });
  });
}

/**
 * 4. Time to import the built package in a fresh process, beside openapi-fetch alone and a bundled
 * single-file build of the package (what a bundling build step would ship), runs interleaved.
 */
export async function importCost(root: string, bundledEntry: string, quick: boolean): Promise<Section> {
  const subjects: Subject[] = [
    { name: "node alone (no import)", specifier: "" },
    { name: "openapi-fetch", specifier: "openapi-fetch" },
    { name: "trackfinity-client (dist, as published)", specifier: "trackfinity-client" },
    { name: "trackfinity-client bundled by the bench (control)", specifier: bundledEntry },
  ];
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
  const runs = quick ? 5 : 25;
  for (let i = 0; i < runs + 2; i++) {
    for (const subject of subjects) {
      const sample = await importOnce(root, subject.specifier);
      if (i >= 2) samples.get(subject.name)?.push(sample); // the first runs warm the disk cache
    }
  }
  const of = (name: string, key: keyof Sample) => (samples.get(name) ?? []).map((s) => s[key]);
  const reference = "openapi-fetch";
  const ratio = (name: string, key: keyof Sample): Ratio =>
    pairedRatio(of(name, key), of(reference, key), reference, "run pairs", true);
  const rows: Row[] = [];
  for (const key of ["importMs", "processMs"] as const) {
    for (const subject of subjects) {
      if (key === "importMs" && subject.specifier === "") continue;
      const row: Row = {
        measured: `${subject.name}, ${key === "importMs" ? "import() only" : "whole process"}`,
        unit: "ms",
        decimals: 2,
        value: summarize(of(subject.name, key)),
      };
      if (subject.name !== reference && subject.specifier !== "") row.ratio = ratio(subject.name, key);
      if (key === "importMs" && subject.specifier === "trackfinity-client") row.goal = atMost(row.ratio, 1.2);
      rows.push(row);
    }
  }
  return { title: "4. Import cost in a fresh Node process (ms, lower is better)", rows };
}
