import { Bench } from "tinybench";
import type { Call } from "./contenders.ts";
import { median } from "./stats.ts";

export interface Contender {
  name: string;
  call: Call;
}

export interface RoundsOptions {
  /** Rounds of all contenders; the order rotates each round so none always runs first (or hottest). */
  rounds: number;
  /** Time budget per contender per round, in ms. */
  timeMs: number;
  warmupMs: number;
  /** Calls per sample: each sample is the mean of a batch, so GC and timer cost are averaged in. */
  batch: number;
  /** Calls in flight at once within a batch. */
  concurrency: number;
  /**
   * What a batch is timed with: wall-clock time, or the CPU time this process used (user + system,
   * all its threads), which a busy machine's other processes do not inflate.
   */
  clock: "wall" | "cpu";
}

export interface Measured {
  name: string;
  /** Calls per second, one value per batch, pooled over every round. */
  samples: number[];
  /** Each round's median calls per second, for the spread of ratios between contenders. */
  roundMedians: number[];
}

/** `list` starting from its (`round` modulo length)-th item: over the rounds, each runs first in turn. */
export function rotated<T>(list: readonly T[], round: number): T[] {
  const shift = round % list.length;
  return [...list.slice(shift), ...list.slice(0, shift)];
}

/** Runs `n` calls with at most `concurrency` in flight. */
export async function runBatch(call: Call, n: number, concurrency: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < n) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

/**
 * Measures every contender side by side in this process with tinybench: `rounds` benches, each
 * running all contenders in turn, so drift of a noisy machine hits them all alike.
 */
export async function measureInRounds(
  contenders: readonly Contender[],
  options: RoundsOptions,
): Promise<Measured[]> {
  const results = contenders.map((c) => ({
    name: c.name,
    samples: [] as number[],
    roundMedians: [] as number[],
  }));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.timeMs,
      iterations: 5,
      warmupTime: options.warmupMs,
      warmupIterations: 2,
      retainSamples: true,
      throws: true,
    });
    for (const c of rotated(contenders, round)) {
      bench.add(c.name, async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        await runBatch(c.call, options.batch, options.concurrency);
        const elapsed = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const measured = options.clock === "cpu" ? (used.user + used.system) / 1000 : elapsed;
        return { overriddenDuration: measured / options.batch, overriddenIterationCost: elapsed };
      });
    }
    await bench.run();
    for (const result of results) {
      const task = bench.getTask(result.name);
      const r = task?.result;
      if (r?.state !== "completed")
        throw new Error(`bench task ${result.name} did not complete (${r?.state})`);
      const samples = r.throughput.samples ?? [];
      result.samples.push(...samples);
      result.roundMedians.push(median(samples));
    }
  }
  return results;
}
