/**
 * What the install's answer times say about its queue, as pure functions of a state, a sample and
 * the time (TCP Vegas's idea, as in Netflix's concurrency-limits). Answers are judged a round at a
 * time, a round being one answer per attempt the limit allows, by two measures, each against its
 * best of the last 10 seconds (the install at its unloaded pace):
 *
 * - the median says whether the limit may grow: it rises as soon as some requests wait in the
 *   install's queue;
 * - the lower quartile says whether the limit comes down: it rises only once all of them wait, and
 *   the client's own delays (a busy event loop, a loaded machine), which hold back some answers
 *   only, seldom move it. Coming down for nothing costs more than not growing.
 *
 * (Against 8 workers × 50 ms with live traffic taking two, a bulk run's rounds at limits 6, 7 and 8
 * read 1.00, 1.03 and 1.13 times the baseline by the lower quartile, 1.00, 1.11 and 1.30 by the
 * median.) Four rounds in a row well above the baseline by the lower quartile lower the limit in
 * proportion. If the two rounds sent after that do not take back at least half the slowdown, it was
 * not the install's queue, and the limit goes back up. A server slow by nature is slow in the
 * baseline too, so it keeps its limit. How the limit grows is `growth`'s to say.
 */

/** The install's answers are this much slower than its baseline: the pace is set by latency. */
export interface Slowing {
  /** The last round's median answer time, in ms. */
  recentMs: number;
  /** The best round's median of the last 10 seconds, in ms: the install at its unloaded pace. */
  baselineMs: number;
}

/** A round's answer times, measured two ways, in ms. */
interface RoundMeasures {
  quartileMs: number;
  medianMs: number;
}

/** A lowering under test: whether the rounds sent after it came back faster. */
interface Trial {
  /** The limit before it. */
  limitBefore: number;
  /** The least lower quartile of the rounds that lowered it. */
  queuedMs: number;
  /** Rounds judged since, and the best of their lower quartiles. */
  rounds: number;
  bestMs: number;
}

/** What the latency part of the pacer knows. */
export interface LatencyState {
  /** The best rounds' measures of each of the last seconds (by `Math.floor(time / 1000)`), oldest first. */
  readonly bestRounds: ReadonlyArray<RoundMeasures & { second: number }>;
  /** Answer times of the round under way. */
  readonly round: readonly number[];
  /** How many rounds in a row, up to the last, showed a queue, and the least of their lower quartiles. */
  readonly queuedRounds: { count: number; leastMs: number };
  /** When the limit was last lowered or raised back for latency: attempts started before say nothing of it. */
  readonly cutAt: number;
  /** The limit at which requests last queued in the install: growing back to it is cautious. */
  readonly queuedAt: number;
  /** The last lowering, while the rounds after it show whether it helped. */
  readonly trial: Trial | undefined;
  /** Whether the last round kept the unloaded pace: only then may the limit grow. */
  readonly keptPace: boolean;
  /** The whole limit, and since when: answers to attempts started before then say nothing of it. */
  readonly steppedTo: { limit: number; at: number };
  /** Set while the last round was slower than the baseline's pace. */
  readonly slowing: Slowing | undefined;
}

/**
 * What the limit does after a sample: grow as push-back allows, at a `pace` (see `growth`), stay,
 * come down to `limit`, or go back up to `limit` when coming down did not help.
 */
export type LatencyVerdict =
  | { action: "grow"; pace: "ramp" | "steady" | "cautious" }
  | { action: "hold" }
  | { action: "lower"; limit: number }
  | { action: "undo"; limit: number };

/** How many seconds the baseline remembers: a server that got slower for good is its new self after this. */
const BASELINE_SECONDS = 10;
/** A round is one answer per attempt the limit allows, and never fewer than this many. */
const MIN_ROUND = 5;
/** A round's median at most this many times its baseline keeps the pace: the limit may grow. */
const GROW_BELOW = 1.03;
/** A round's lower quartile above this many times its baseline shows a queue. */
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
  steppedTo: { limit: 0, at: 0 },
  slowing: undefined,
};

/** A round's lower quartile and median. */
function measure(round: readonly number[]): RoundMeasures {
  const sorted = [...round].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.floor((sorted.length - 1) * share)] as number;
  return { quartileMs: at(0.25), medianMs: at(0.5) };
}

/** The best measures per second, with this round's in, and seconds older than the baseline's memory out. */
function withFastest(
  bestRounds: LatencyState["bestRounds"],
  measures: RoundMeasures,
  now: number,
): LatencyState["bestRounds"] {
  const second = Math.floor(now / 1000);
  const kept = bestRounds.filter((entry) => entry.second > second - BASELINE_SECONDS);
  const last = kept[kept.length - 1];
  if (last?.second !== second) return [...kept, { second, ...measures }];
  const best = {
    second,
    quartileMs: Math.min(last.quartileMs, measures.quartileMs),
    medianMs: Math.min(last.medianMs, measures.medianMs),
  };
  return [...kept.slice(0, -1), best];
}

/** Whether `ms` is more than `ratio` times `baselineMs`, and by at least MIN_QUEUE_MS, on an install slow enough to judge. */
function above(ms: number, baselineMs: number, ratio: number): boolean {
  return baselineMs >= MIN_BASELINE_MS && ms > baselineMs * ratio && ms - baselineMs >= MIN_QUEUE_MS;
}

/**
 * How the limit grows after an answer, while rounds keep the pace: only on answers to attempts
 * started at the whole limit it has now. Answers lag the limit by a round, and growing on older ones
 * carried it a step or two past where requests start to queue, at the live traffic's expense. Until
 * the limit first comes down, it ramps up two steps per limit's worth of answers; after that, one
 * step per limit's worth, and an eighth of one in the step below where requests last queued.
 */
function growth(state: LatencyState, startedAt: number, limit: number): LatencyVerdict {
  if (startedAt < state.steppedTo.at) return { action: "hold" };
  if (state.cutAt === 0) return { action: "grow", pace: "ramp" };
  const belowQueued = limit + 1 >= state.queuedAt && limit < state.queuedAt;
  return { action: "grow", pace: belowQueued ? "cautious" : "steady" };
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
  // Sent before the limit last changed for latency: it says nothing of the new limit.
  if (sample.startedAt < state.cutAt) return { latency: state, verdict: hold };
  const wholeLimit = Math.floor(limit);
  const steppedTo = wholeLimit !== state.steppedTo.limit ? { limit: wholeLimit, at: now } : state.steppedTo;
  const grow = growth(state, sample.startedAt, limit);
  const round = [...state.round, sample.ms];
  if (round.length < Math.max(MIN_ROUND, wholeLimit)) {
    // Built whole, not spread: this runs once per answer, and spreading the state costs more.
    const latency: LatencyState = {
      bestRounds: state.bestRounds,
      round,
      queuedRounds: state.queuedRounds,
      cutAt: state.cutAt,
      queuedAt: state.queuedAt,
      trial: state.trial,
      keptPace: state.keptPace,
      steppedTo,
      slowing: state.slowing,
    };
    return { latency, verdict: state.keptPace ? grow : hold };
  }

  const { quartileMs, medianMs } = measure(round);
  const bestRounds = withFastest(state.bestRounds, { quartileMs, medianMs }, now);
  const baselineMs = Math.min(...bestRounds.map((entry) => entry.quartileMs));
  const baselineMedianMs = Math.min(...bestRounds.map((entry) => entry.medianMs));
  const keptPace =
    !above(medianMs, baselineMedianMs, GROW_BELOW) && !above(quartileMs, baselineMs, GROW_BELOW);
  const slowing = keptPace ? undefined : { recentMs: medianMs, baselineMs: baselineMedianMs };
  const next: LatencyState = {
    bestRounds,
    round: [],
    queuedRounds: initialLatency.queuedRounds,
    cutAt: state.cutAt,
    queuedAt: state.queuedAt,
    trial: undefined,
    keptPace,
    steppedTo,
    slowing,
  };

  const { trial } = state;
  // While a lowering is on trial, and when it is undone, the limit does not grow on this round.
  if (trial) {
    const tried = { ...trial, rounds: trial.rounds + 1, bestMs: Math.min(trial.bestMs, quartileMs) };
    if (tried.rounds < TRIAL_ROUNDS) {
      return { latency: { ...next, trial: tried, keptPace: false }, verdict: hold };
    }
    if (tried.bestMs > baselineMs + (trial.queuedMs - baselineMs) * HELPED) {
      return {
        latency: { ...next, cutAt: now, queuedAt: Number.POSITIVE_INFINITY, keptPace: false },
        verdict: { action: "undo", limit: trial.limitBefore },
      };
    }
  }
  if (keptPace) return { latency: next, verdict: grow };
  if (!above(quartileMs, baselineMs, QUEUED_ABOVE)) return { latency: next, verdict: hold };
  const queuedRounds = {
    count: state.queuedRounds.count + 1,
    leastMs: Math.min(state.queuedRounds.leastMs, quartileMs),
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
