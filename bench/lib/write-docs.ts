import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { Machine } from "./machine.ts";

const START = "<!-- bench:results:start (written by npm run bench; edit outside these markers) -->";
const END = "<!-- bench:results:end -->";

const SKELETON = `# Performance

${START}
${END}
`;

export interface RunInfo {
  machine: Machine;
  table: string;
  seconds: number;
  command: string;
}

/** The generated part of docs/performance.md: when, where, how, and the table. */
export function resultsBlock(run: RunInfo): string {
  const m = run.machine;
  return [
    START,
    "",
    `Run of ${new Date().toISOString().slice(0, 10)} at commit ${m.commit}, in ${Math.round(run.seconds)} s:`,
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `- Node ${m.node}; load average ${m.loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? Number.NaN).toFixed(2)} at the end`,
    `- Reproduce: \`${run.command}\``,
    "",
    run.table,
    "",
    END,
  ].join("\n");
}

/** Replaces the generated block of `path`, keeping everything written around it. */
export function writeDocs(path: string, run: RunInfo): void {
  const current = existsSync(path) ? readFileSync(path, "utf8") : SKELETON;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + resultsBlock(run) + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${resultsBlock(run)}\n`;
  writeFileSync(path, next);
}
