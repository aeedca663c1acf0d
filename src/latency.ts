/**
 * What the install's answer times say about its queue, as pure functions of a state, a sample and
 * the time (TCP Vegas's idea, as in Netflix's concurrency-limits). Answers are judged a round at a
 * time, a round being one answer per attempt the limit allows, and a round's measure is the lower
 * quartile of its answer times: the client's own delays (a busy event loop, a loaded machine) hold
 * back some answers, while a queue in the install holds back all of them. The baseline is the best
 * measure of the last 10 seconds, the install at its unloaded pace.
 *
 * A round at the baseline's pace lets the limit grow. Four rounds in a row well above it mean
 * requests wait in the install's queue: the limit comes down in proportion. If the two rounds sent
 * after that do not take back at least half the slowdown, it was not the install's queue (the
 * client's own delays, say), and the limit goes back up. A server slow by nature is slow in the
 * baseline too, so it keeps its limit.
 */

/** The install's answers are this much slower than its baseline: the pace is set by latency. */
export interface Slowing {
  /** The last round's measure: the lower quartile of its answer times, in ms. */
  recentMs: number;
  /** The best round's measure of the last 10 seconds, in ms: the install at its unloaded pace. */
  baselineMs: number;
}

/** A lowering under test: whether the rounds sent after it came back faster. */
interface Trial {
  /** The limit before it. */
  limitBefore: number;
  /** The least measure of the rounds that lowered it. */
  queuedMs: number;
  /** Rounds judged since, and the best of their measures. */
  rounds: number;
  bestMs: number;
}

/** What the latency part of the pacer knows. */
export interface LatencyState {
  /** The best round's measure of each of the last seconds (by `Math.floor(time / 1000)`), oldest first. */
  readonly bestRounds: ReadonlyArray<{ second: number; ms: number }>;
  /** Answer times of the round under way. */
  readonly round: readonly number[];
  /** How many rounds in a row, up to the last, showed a queue, and the least of their measures. */
  readonly queuedRounds: { count: number; leastMs: number };
  /** When the limit was last lowered or raised back for latency: attempts started before say nothing of it. */
  readonly cutAt: number;
  /** The limit at which requests last queued in the install: growing back to it is cautious. */
  readonly queuedAt: number;
  readonly trial: Trial | undefined;
  /** Whether the last round kept the unloaded pace: only then may the limit grow. */
  readonly keptPace: boolean;
  /** Set while the last round was slower than the baseline's pace. */
  readonly slowing: Slowing | undefined;
}

/**
 * What the limit does after a sample: grow as push-back allows (`cautious` in the step below the
 * limit at which requests last queued), stay, come down to `limit`, or go back up to `limit` when
 * coming down did not help.
 */
export type LatencyVerdict =
  | { action: "grow"; cautious: boolean }
  | { action: "hold" }
  | { action: "lower"; limit: number }
  | { action: "undo"; limit: number };

/** How many seconds the baseline remembers: a server that got slower for good is its new self after this. */
const BASELINE_SECONDS = 10;
/** A round is one answer per attempt the limit allows, and never fewer than this many. */
const MIN_ROUND = 5;
/** A round's measure at most this many times the baseline keeps its pace: the limit may grow. */
const GROW_BELOW = 1.03;
/** A round's measure above this many times the baseline shows a queue. */
const QUEUED_ABOVE = 1.06;
/** A measure less than this many ms above the baseline keeps its pace: answer times are whole ms. */
const MIN_QUEUE_MS = 2;
/** This many rounds in a row showing a queue lower the limit: the client's own delays seldom last as long. */
const QUEUED_ROUNDS = 4;
/**
 * After a lowering, this many rounds show whether it helped: the first may still wait behind the
 * attempts sent before it.
 */
const TRIAL_ROUNDS = 2;
/** A lowering that took back less than this share of the slowdown did not help, and is undone. */
const HELPED = 0.5;
/**
 * An install whose rounds take less than this many ms at best is not judged by latency: a queue
 * there costs its live traffic little, and the client's own delays are as long as the install's
 * answers, so they can't be told apart.
 */
const MIN_BASELINE_MS = 20;
/** Lowering aims this far below where requests stop queueing: the limit then grows back into the queue. */
const AIM = 0.9;
/** One lowering never takes the limit below this share of it. */
const MOST_LOWERED = 0.5;

/** Before its first round, the pacer has not seen the install's pace: the limit holds until it has. */
export const initialLatency: LatencyState = {
  bestRounds: [],
  round: [],
  queuedRounds: { count: 0, leastMs: Number.POSITIVE_INFINITY },
  cutAt: 0,
  queuedAt: Number.POSITIVE_INFINITY,
  trial: undefined,
  keptPace: false,
  slowing: undefined,
};

/** The answer time a quarter of the round's answers are faster than: the client's delays mostly spare it. */
function lowerQuartile(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * 0.25)] as number;
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
 * comes down, or goes back up, and to what.
 */
export function learnLatency(
  state: LatencyState,
  sample: { ms: number; startedAt: number },
  limit: number,
  now: number,
): { latency: LatencyState; verdict: LatencyVerdict } {
  const hold: LatencyVerdict = { action: "hold" };
  const grow: LatencyVerdict = {
    action: "grow",
    cautious: limit + 1 >= state.queuedAt && limit < state.queuedAt,
  };
  // Sent before the limit last changed for latency: it says nothing of the new limit.
  if (sample.startedAt < state.cutAt) return { latency: state, verdict: hold };
  const round = [...state.round, sample.ms];
  if (round.length < Math.max(MIN_ROUND, Math.floor(limit))) {
    return { latency: { ...state, round }, verdict: state.keptPace ? grow : hold };
  }

  const recentMs = lowerQuartile(round);
  const bestRounds = withFastest(state.bestRounds, recentMs, now);
  const baselineMs = Math.min(...bestRounds.map((entry) => entry.ms));
  const above = (ratio: number) =>
    baselineMs >= MIN_BASELINE_MS && recentMs > baselineMs * ratio && recentMs - baselineMs >= MIN_QUEUE_MS;
  const slowing = above(GROW_BELOW) ? { recentMs, baselineMs } : undefined;
  const next: LatencyState = {
    ...state,
    bestRounds,
    round: [],
    queuedRounds: initialLatency.queuedRounds,
    trial: undefined,
    keptPace: false,
    slowing,
  };

  const { trial } = state;
  if (trial) {
    const tried = { ...trial, rounds: trial.rounds + 1, bestMs: Math.min(trial.bestMs, recentMs) };
    if (tried.rounds < TRIAL_ROUNDS) return { latency: { ...next, trial: tried }, verdict: hold };
    if (tried.bestMs > baselineMs + (trial.queuedMs - baselineMs) * HELPED) {
      return {
        latency: { ...next, cutAt: now, queuedAt: Number.POSITIVE_INFINITY },
        verdict: { action: "undo", limit: trial.limitBefore },
      };
    }
  }
  if (!slowing) return { latency: { ...next, keptPace: true }, verdict: grow };
  if (!above(QUEUED_ABOVE)) return { latency: next, verdict: hold };
  const queuedRounds = {
    count: state.queuedRounds.count + 1,
    leastMs: Math.min(state.queuedRounds.leastMs, recentMs),
  };
  if (queuedRounds.count < QUEUED_ROUNDS) return { latency: { ...next, queuedRounds }, verdict: hold };
  const lowered = Math.max(1, limit * Math.max(MOST_LOWERED, (AIM * baselineMs) / queuedRounds.leastMs));
  return {
    latency: {
      ...next,
      cutAt: now,
      queuedAt: limit,
      trial: {
        limitBefore: limit,
        queuedMs: queuedRounds.leastMs,
        rounds: 0,
        bestMs: Number.POSITIVE_INFINITY,
      },
    },
    verdict: { action: "lower", limit: lowered },
  };
}
