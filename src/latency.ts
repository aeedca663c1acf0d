/**
 * What the install's answer times say about its queue, as pure functions of a state, a sample and
 * the time (TCP Vegas's idea, as in Netflix's concurrency-limits). Answers are judged a round at a
 * time, a round being one answer per attempt the limit allows: its measure is the upper quartile of
 * its answer times, and the baseline is the best such measure of the last 10 seconds, the install at
 * its unloaded pace. A round well above the baseline means requests wait in the install's queue:
 * the limit comes down, in proportion, to about where they no longer wait. A round at the baseline
 * lets it grow. A server slow by nature is slow in both, so it keeps its limit; the slowest answer
 * of a round never moves an upper quartile, so one slow answer does not lower it.
 */

/** The install's answers are this much slower than its baseline: the pace is set by latency. */
export interface Slowing {
  /** The last round's measure: the upper quartile of its answer times, in ms. */
  recentMs: number;
  /** The best round's measure of the last 10 seconds, in ms: the install at its unloaded pace. */
  baselineMs: number;
}

/** What the latency part of the pacer knows. */
export interface LatencyState {
  /** The best round's measure of each of the last seconds (by `Math.floor(time / 1000)`), oldest first. */
  readonly bestRounds: ReadonlyArray<{ second: number; ms: number }>;
  /** Answer times of the round under way. */
  readonly round: readonly number[];
  /** When the limit was last lowered for latency: attempts started before it say nothing of the new limit. */
  readonly cutAt: number;
  /** Whether the last round kept the unloaded pace: only then may the limit grow. */
  readonly keptPace: boolean;
  /** Set while the last round was slow enough to hold the limit or lower it. */
  readonly slowing: Slowing | undefined;
}

/** What the limit does after a sample: grow as push-back allows, stay, or come down to `limit`. */
export type LatencyVerdict = { action: "grow" } | { action: "hold" } | { action: "lower"; limit: number };

/** How many seconds the baseline remembers: a server that got slower for good is its new self after this. */
const BASELINE_SECONDS = 10;
/** A round is one answer per attempt the limit allows, and never fewer than this many. */
const MIN_ROUND = 5;
/** Recent at most this many times the baseline: nothing waits, the limit may grow. */
const GROW_BELOW = 1.1;
/** Recent above this many times the baseline: a queue is building, the limit comes down. */
const LOWER_ABOVE = 1.2;
/** A queue shorter than this many ms is no queue: loopback and a busy client jitter by a few ms. */
const MIN_QUEUE_MS = 5;
/**
 * An install whose rounds take less than this many ms at best is not judged by latency: a queue
 * there costs its live traffic little, and the client's own delays (a busy event loop, a loaded
 * machine) are as long as the install's answers, so they can't be told apart.
 */
const MIN_BASELINE_MS = 20;
/** Lowering aims at this ratio, so that the install's queue stays short but its workers busy. */
const AIM = 1.1;
/** One round never lowers the limit below this share of it. */
const MOST_LOWERED = 0.5;

/** Before its first round, the pacer has not seen the install's pace: the limit holds until it has. */
export const initialLatency: LatencyState = {
  bestRounds: [],
  round: [],
  cutAt: 0,
  keptPace: false,
  slowing: undefined,
};

/** The answer time a quarter of the round's answers are slower than: the slowest one alone never moves it. */
function upperQuartile(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * 0.75)] as number;
}

/** The best measure per second, with this round's in, and seconds older than the baseline's memory out. */
function withFastest(
  bestRounds: LatencyState["bestRounds"],
  ms: number,
  now: number,
): LatencyState["bestRounds"] {
  const second = Math.floor(now / 1000);
  const kept = bestRounds.filter((entry) => entry.second > second - BASELINE_SECONDS);
  const last = kept[kept.length - 1];
  if (last?.second === second) return [...kept.slice(0, -1), { second, ms: Math.min(last.ms, ms) }];
  return [...kept, { second, ms }];
}

/**
 * Learns from one served attempt: it started at `startedAt` and was answered after `ms`, at `now`,
 * while the limit was `limit`. At the end of each round, says whether the limit may grow, must stay,
 * or comes down, and to what.
 */
export function learnLatency(
  state: LatencyState,
  sample: { ms: number; startedAt: number },
  limit: number,
  now: number,
): { latency: LatencyState; verdict: LatencyVerdict } {
  const holdOrGrow: LatencyVerdict = state.keptPace ? { action: "grow" } : { action: "hold" };
  // Sent before the limit last came down: it waited behind attempts the new limit would not send.
  if (sample.startedAt < state.cutAt) return { latency: state, verdict: { action: "hold" } };
  const round = [...state.round, sample.ms];
  if (round.length < Math.max(MIN_ROUND, Math.floor(limit))) {
    return { latency: { ...state, round }, verdict: holdOrGrow };
  }

  const recentMs = upperQuartile(round);
  const bestRounds = withFastest(state.bestRounds, recentMs, now);
  const baselineMs = Math.min(...bestRounds.map((entry) => entry.ms));
  const ratio = recentMs / baselineMs;
  const next: LatencyState = {
    bestRounds,
    round: [],
    cutAt: state.cutAt,
    keptPace: false,
    slowing: undefined,
  };
  const queueing =
    baselineMs >= MIN_BASELINE_MS && ratio > GROW_BELOW && recentMs - baselineMs >= MIN_QUEUE_MS;
  if (!queueing) {
    return { latency: { ...next, keptPace: true }, verdict: { action: "grow" } };
  }
  const slowing = { recentMs, baselineMs };
  if (ratio <= LOWER_ABOVE) return { latency: { ...next, slowing }, verdict: { action: "hold" } };
  const lowered = Math.max(1, limit * Math.max(MOST_LOWERED, AIM / ratio));
  return { latency: { ...next, slowing, cutAt: now }, verdict: { action: "lower", limit: lowered } };
}
