import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { quantile } from "./stats.ts";

/** One live request: when it was sent (epoch ms), and its latency in ms, undefined when not served. */
export interface LiveSample {
  sentAt: number;
  ms: number | undefined;
}

/** The install's live traffic (bench/children/live-traffic.ts) against `baseUrl`, at `rate` requests/s. */
export function startLiveTraffic(script: string, baseUrl: string, rate: number) {
  const child = spawn(process.execPath, [script, baseUrl, String(rate)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const result = createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  return {
    /** Stops sending; resolves with every request's sample once the last one is back. */
    async stop(): Promise<LiveSample[]> {
      child.stdin.end();
      const { value } = await result;
      if (value === undefined) throw new Error(`live traffic exited without its samples (${child.exitCode})`);
      const samples = JSON.parse(String(value)) as Array<[number, number | null]>;
      return samples.map(([sentAt, ms]) => ({ sentAt, ms: ms ?? undefined }));
    },
  };
}

/** What the live requests sent within a window saw. */
export interface LiveFigures {
  sent: number;
  served: number;
  /** Served requests per second of the window. */
  servedPerS: number;
  p50: number;
  p99: number;
}

/** The figures of the live requests sent from `from` to `to` (epoch ms). */
export function liveFigures(samples: readonly LiveSample[], from: number, to: number): LiveFigures {
  const within = samples.filter((s) => s.sentAt >= from && s.sentAt < to);
  const served = within.flatMap((s) => (s.ms === undefined ? [] : [s.ms])).sort((a, b) => a - b);
  return {
    sent: within.length,
    served: served.length,
    servedPerS: served.length / ((to - from) / 1000),
    p50: quantile(served, 0.5),
    p99: quantile(served, 0.99),
  };
}
