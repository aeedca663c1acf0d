import { spawn } from "node:child_process";
import { allBuilds, type Build, type Builds } from "./lib/builds.ts";
import { atMost, baselineRow, pairedRatio, type Ratio, type Row, type Section } from "./lib/report.ts";
import { rotated } from "./lib/rounds.ts";
import { buildSingleFile } from "./lib/single-file.ts";
import { summarize } from "./lib/stats.ts";

interface Subject {
  name: string;
  /** What the fresh process imports; empty for Node alone. */
  specifier: string;
  /** Where the fresh process starts: `trackfinity-client` resolves to the package in this folder. */
  cwd: string;
  /** A baseline's subject names the current build's subject it is compared with. */
  current?: string;
}

interface Sample {
  /** Time of the `import()` alone, measured inside the fresh process. */
  importMs: number;
  /** Spawn to exit, measured from here: Node's own start-up included. */
  processMs: number;
}

/** One fresh `node` process that imports `specifier` (resolved from `cwd`, as a user's code would). */
function importOnce(cwd: string, specifier: string): Promise<Sample> {
  const code = specifier
    ? `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`
    : "process.stdout.write('0');";
  const started = performance.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    cwd,
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

/** Each build as published and bundled by the bench, a baseline's subject right after the current's. */
function buildSubjects(builds: Builds, bundledPath: (b: Build) => string): Subject[] {
  const kinds = [
    {
      suffix: "(dist, as published)",
      subject: (b: Build) => ({ specifier: "trackfinity-client", cwd: b.dir }),
    },
    {
      suffix: "bundled by the bench (control)",
      subject: (b: Build) => ({ specifier: bundledPath(b), cwd: builds.current.dir }),
    },
  ];
  return kinds.flatMap(({ suffix, subject }) =>
    allBuilds(builds).map((b) => ({
      name: `${b.name} ${suffix}`,
      ...subject(b),
      ...(b === builds.baseline ? { current: `${builds.current.name} ${suffix}` } : {}),
    })),
  );
}

/**
 * 4. Time to import the built package in a fresh process, beside openapi-fetch alone and a bundled
 * single-file build of the package (what a bundling build step would ship), runs interleaved.
 */
export async function importCost(builds: Builds, quick: boolean): Promise<Section> {
  const root = builds.current.dir;
  const bundled = new Map<Build, { path: string; remove(): void }>();
  for (const b of allBuilds(builds)) bundled.set(b, await buildSingleFile(root, b));
  const subjects: Subject[] = [
    { name: "node alone (no import)", specifier: "", cwd: root },
    { name: "openapi-fetch", specifier: "openapi-fetch", cwd: root },
    ...buildSubjects(builds, (b) => bundled.get(b)?.path ?? ""),
  ];
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
  const runs = quick ? 5 : 25;
  try {
    for (let i = 0; i < runs + 2; i++) {
      for (const subject of rotated(subjects, i)) {
        const sample = await importOnce(subject.cwd, subject.specifier);
        if (i >= 2) samples.get(subject.name)?.push(sample); // the first runs warm the disk cache
      }
    }
  } finally {
    for (const file of bundled.values()) file.remove();
  }
  const of = (name: string, key: keyof Sample) => (samples.get(name) ?? []).map((s) => s[key]);
  const reference = "openapi-fetch";
  const ratio = (name: string, key: keyof Sample, to = reference): Ratio =>
    pairedRatio(of(name, key), of(to, key), to, "run pairs", true);
  const published = `${builds.current.name} (dist, as published)`;
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
      if (subject.current) {
        rows.push(baselineRow(row, ratio(subject.current, key, subject.name), "lower"));
        continue;
      }
      if (subject.name !== reference && subject.specifier !== "") row.ratio = ratio(subject.name, key);
      if (key === "importMs" && subject.name === published) row.goal = atMost(row.ratio, 1.2);
      rows.push(row);
    }
  }
  return { title: "4. Import cost in a fresh Node process (ms, lower is better)", rows };
}
