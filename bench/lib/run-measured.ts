import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export interface ProcessRun {
  wallMs: number;
  /** Peak resident set size in KiB (VmHWM), or undefined if it could not be read. */
  peakRssKiB: number | undefined;
  code: number | null;
  /** The last lines the process wrote to stderr, for a failure's message. */
  stderrTail: string;
}

const GNU_TIME = "/usr/bin/time";
const POLL_MS = 5;

function vmHwmKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // already gone
  }
}

/**
 * Runs one process to its end, timing it from spawn to exit and reading its peak RSS: from GNU
 * `/usr/bin/time -v` where that exists, else by polling /proc/PID/status (VmHWM) until it exits.
 */
export async function runMeasured(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ProcessRun> {
  const viaTime = existsSync(GNU_TIME);
  const started = performance.now();
  const child = viaTime
    ? spawn(GNU_TIME, ["-v", command, ...args], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "pipe"],
      })
    : spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  let polled: number | undefined;
  const poll = viaTime
    ? undefined
    : setInterval(() => {
        const kib = child.pid === undefined ? undefined : vmHwmKiB(child.pid);
        if (kib !== undefined) polled = Math.max(polled ?? 0, kib);
      }, POLL_MS);
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  const wallMs = performance.now() - started;
  clearTimeout(killer);
  if (poll) clearInterval(poll);
  const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const ownStderr = viaTime ? stderr.replace(/\n?\s*Command being timed:[\s\S]*$/, "") : stderr;
  return {
    wallMs,
    peakRssKiB: fromTime ? Number(fromTime[1]) : polled,
    code,
    stderrTail: ownStderr.trim().split("\n").slice(-3).join(" | "),
  };
}
