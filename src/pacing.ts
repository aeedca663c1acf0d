import { initialLatency, type LatencyState, type LatencyVerdict, learnLatency } from "./latency.js";

/**
 * The pacer's decisions, as pure functions of its state, an event and the time: no timer, no
 * promise, no clock read. `limiter.ts` is the shell that owns the queue and the timers.
 *
 * How one client paces its attempts, for every call and operation it makes:
 * - an in-flight limit, at most `maxConcurrency`. When adaptive, a 429 or 503 lowers it at once
 *   to 90%; if the server refused many of the attempts then in flight, to the number it accepted
 *   (measured, not guessed). Successes raise it again, slowly near where the server refused;
 * - when it also follows latency (`latency.ts`), it starts at no more than 4 and grows only while
 *   the install answers at its unloaded pace; when answers slow down because requests queue in the
 *   install, it comes down to about where they no longer queue, and goes back up if that did not
 *   make them faster;
 * - an optional rate cap: attempts start at least `1000 / maxRatePerSecond` ms apart;
 * - while the install is down (only 503s and connection errors, nothing served), one attempt at a
 *   time, no sooner than the server asked: the other calls wait in the queue instead of each sending.
 *   A waiting call gives up once the install has been down for its whole patience, or its patience
 *   since it started has run out, whichever is first: a long outage ends a run in about one patience.
 */

/**
 * What the pacer learns from one attempt. These words are the pacer's own: an error's `kind` says
 * what a failure means to the caller, a signal what it says about the server's load.
 */
export type PacingSignal =
  /** The server answered and did not push back (any 2xx, 3xx, and 4xx other than 429). */
  | "served"
  /** 429: the server asked this client to send less. */
  | "slowDown"
  /** 503: maintenance or overload; counts as a slow-down and as a sign the install is down. */
  | "maintenance"
  /** The install could not be reached; a sign it is down. */
  | "unreachable"
  /** Says nothing about load (a timeout, a 500). */
  | "none";

/** What does not change while a client lives. */
export interface PacerSettings {
  maxConcurrency: number;
  /** Whether the limit follows the server's push-back (`adaptiveConcurrency`). */
  adaptive: boolean;
  /** Whether, when adaptive, it also follows the install's answer times (`adaptToLatency`). */
  latencyAware: boolean;
  /** The least time between two starts, in ms (`1000 / maxRatePerSecond`); 0 for no rate cap. */
  intervalMs: number;
}

/**
 * A throttle episode: from the first push-back while none was under way, until every attempt then
 * in flight has come back. It measures how much the server accepted.
 */
interface Episode {
  /** The limit when it began. */
  startLimit: number;
  /** Attempts in flight when it began (besides the one refused). */
  size: number;
  /** How many of those are still out. */
  out: number;
  /** How many of those the server refused. */
  refused: number;
}

/** Since when the install seems down, and what to go back to once it answers. */
interface Outage {
  since: number;
  /** The limit before the outage; the limit is 1 during it. */
  limitBefore: number;
}

/** Everything the pacer knows; each function below returns a new one and never changes its input. */
export interface PacerState {
  readonly settings: PacerSettings;
  /** The in-flight limit; fractional while it grows, used rounded down. */
  readonly limit: number;
  readonly inFlight: number;
  /** Counts throttle episodes: a slot taken in an earlier one was in flight when the current began. */
  readonly epoch: number;
  readonly episode: Episode | undefined;
  /** The limit at which the server last refused attempts. */
  readonly ceiling: number;
  /** Signals of a down install in a row (503s, connection errors) with nothing served between. */
  readonly downStreak: number;
  readonly outage: Outage | undefined;
  /** The last answer (or connection error) that said the install is down. */
  readonly downCause: unknown;
  /** No attempt starts before this time (epoch ms): the rate cap, or the wait asked for while down. */
  readonly notBefore: number;
  /** When the latest wait the server asked a call for ends (epoch ms). */
  readonly askedUntil: number;
  readonly latency: LatencyState;
}

/** A granted attempt, handed back with its outcome. */
export interface Slot {
  /** The episode count when it started: whether it was in flight when the current episode began. */
  readonly epoch: number;
  /** When it started (epoch ms): its answer time is measured from here. */
  readonly startedAt: number;
}

/** What one attempt found out, as {@link released} learns it. */
export interface AttemptReport {
  slot: Slot;
  signal: PacingSignal;
  /** The wait that follows this attempt, in ms (the server's `Retry-After`, or a backoff). */
  waitMs: number;
  /** The failure, kept as the cause of calls that give up while the install is down. */
  error: unknown;
}

/** Within one step of the limit the server last refused at, the limit grows this many times slower. */
const CAUTIOUS = 8;
/** Steps a limit's worth of successes adds: a ramp up following latency, the usual, and near a ceiling. */
const STEPS_PER_LIMIT = { ramp: 2, steady: 1, cautious: 1 / CAUTIOUS } as const;
/** A push-back lowers the limit at once to this share of it. */
const DECREASE = 0.9;
/**
 * Following latency, a client starts at most this many attempts at once and grows from there as
 * answers keep their pace. Its first rounds are the install's unloaded pace only if they do not
 * queue there themselves: 4 is the CLI's default `--concurrency`.
 */
const FIRST_LATENCY_LIMIT = 4;
/** An episode measures the server full when it refused at least one in this many of the attempts in flight. */
const FULL_AT_ONE_REFUSED_IN = 10;

const followsLatency = ({ adaptive, latencyAware }: PacerSettings) => adaptive && latencyAware;

/** The pacer of a new client: nothing in flight, the whole limit (a part of it when it follows latency). */
export function initialPacer(settings: PacerSettings): PacerState {
  const { maxConcurrency } = settings;
  return {
    settings,
    limit: followsLatency(settings) ? Math.min(maxConcurrency, FIRST_LATENCY_LIMIT) : maxConcurrency,
    inFlight: 0,
    epoch: 0,
    episode: undefined,
    ceiling: Number.POSITIVE_INFINITY,
    downStreak: 0,
    outage: undefined,
    downCause: undefined,
    notBefore: 0,
    askedUntil: 0,
    latency: initialLatency,
  };
}

/** Whether an attempt may start at `now`: below the limit, and not before its time. */
export function mayStart(state: PacerState, now: number): boolean {
  return state.inFlight < Math.floor(state.limit) && now >= state.notBefore;
}

/** The pacer once an attempt has started at `now`, and the attempt's slot. */
export function started(state: PacerState, now: number): { state: PacerState; slot: Slot } {
  const { intervalMs } = state.settings;
  return {
    state: {
      ...state,
      inFlight: state.inFlight + 1,
      notBefore: intervalMs ? Math.max(now, state.notBefore) + intervalMs : state.notBefore,
    },
    slot: { epoch: state.epoch, startedAt: now },
  };
}

const pushesBack = (signal: PacingSignal) => signal === "slowDown" || signal === "maintenance";
const saysDown = (signal: PacingSignal) => signal === "maintenance" || signal === "unreachable";

/**
 * What the answer time of a served attempt says: grow, hold, or lower the limit. Only while it
 * follows latency, and not while a push-back or an outage sets the pace.
 */
function learnFromLatency(
  state: PacerState,
  { slot, signal }: AttemptReport,
  now: number,
): { latency: LatencyState; verdict: LatencyVerdict } {
  const grow: LatencyVerdict = { action: "grow", pace: "steady" };
  if (signal !== "served" || !followsLatency(state.settings) || state.episode || state.outage) {
    return { latency: state.latency, verdict: grow };
  }
  return learnLatency(
    state.latency,
    { ms: now - slot.startedAt, startedAt: slot.startedAt },
    state.limit,
    now,
  );
}

/**
 * The limit and episode after a push-back or an answer: the adaptive part. `state` is the pacer as
 * the attempt comes back, the attempt still counted in flight.
 */
function adapt(
  state: PacerState,
  { slot, signal }: AttemptReport,
  verdict: LatencyVerdict,
): Pick<PacerState, "limit" | "epoch" | "episode" | "ceiling"> {
  let { limit, epoch, episode, ceiling } = state;
  const { adaptive, maxConcurrency } = state.settings;
  const othersInFlight = state.inFlight - 1;
  if (episode && slot.epoch < epoch) {
    episode = { ...episode, out: episode.out - 1, refused: episode.refused + (pushesBack(signal) ? 1 : 0) };
  }
  if (pushesBack(signal) && adaptive && !episode) {
    epoch++;
    episode = { startLimit: limit, size: othersInFlight, out: othersInFlight, refused: 0 };
    limit = Math.max(1, limit * DECREASE);
  }
  if (episode && !episode.out) {
    // Full: it refused a share of what was in flight (one stray refusal is no measure).
    if ((episode.refused + 1) * FULL_AT_ONE_REFUSED_IN >= episode.size + 1) {
      limit = Math.max(1, Math.min(limit, episode.size - episode.refused));
    }
    return { limit, epoch, episode: undefined, ceiling: episode.startLimit };
  }
  // Latency sets the limit without marking the ceiling: growing back near where requests queued is
  // cautious for one step only (`latency.ts`), so a slowdown that was not the install's does not cap it.
  if (verdict.action === "lower") return { limit: Math.min(limit, verdict.limit), epoch, episode, ceiling };
  if (verdict.action === "undo") {
    return { limit: Math.min(maxConcurrency, Math.max(limit, verdict.limit)), epoch, episode, ceiling };
  }
  const inUse = state.inFlight * 2 >= limit;
  if (verdict.action === "grow" && signal === "served" && adaptive && !episode && inUse) {
    // Additive increase while the limit is in use: a step per limit's worth of successes, slower
    // near the ceiling and as latency says (`growth` in latency.ts).
    const step = STEPS_PER_LIMIT[limit + 1 >= ceiling ? "cautious" : verdict.pace] / limit;
    limit = Math.min(maxConcurrency, limit + step);
  }
  return { limit, epoch, episode, ceiling };
}

/** Signals of a down install in a row after this one: nothing served between them. */
function downStreakAfter(downStreak: number, signal: PacingSignal): number {
  if (saysDown(signal)) return downStreak + 1;
  return signal === "none" ? downStreak : 0;
}

/** The pacer once an attempt has come back at `now` with what it found out. */
export function released(state: PacerState, report: AttemptReport, now: number): PacerState {
  const { signal, waitMs, error } = report;
  const { latency, verdict } = learnFromLatency(state, report, now);
  const { limit, epoch, episode, ceiling } = adapt(state, report, verdict);
  // One new state per answer, built whole: the call path makes one of these per attempt.
  const next: PacerState = {
    settings: state.settings,
    limit,
    inFlight: state.inFlight - 1,
    epoch,
    episode,
    ceiling,
    downStreak: downStreakAfter(state.downStreak, signal),
    outage: state.outage,
    downCause: saysDown(signal) ? error : state.downCause,
    notBefore: state.notBefore,
    askedUntil: pushesBack(signal) ? Math.max(state.askedUntil, now + waitMs) : state.askedUntil,
    latency,
  };
  if (saysDown(signal)) {
    // Down: as many of these in a row as half the limit (2 to 8), with nothing served between.
    if (next.downStreak < Math.min(8, Math.max(2, limit / 2))) return next;
    // One probe at a time, no sooner than the wait that follows this answer.
    return {
      ...next,
      outage: next.outage ?? { since: now, limitBefore: Math.max(limit, episode?.startLimit ?? 0) },
      limit: 1,
      notBefore: Math.max(next.notBefore, now + waitMs),
    };
  }
  if (signal === "none" || !next.outage) return next;
  // Back up: the outage said nothing about capacity, so resume where it was before.
  return { ...next, limit: next.outage.limitBefore, outage: undefined, episode: undefined };
}

/**
 * When a call waiting for its turn gives up (epoch ms): only while the install is down, once it has
 * been down for the call's whole patience or the call's patience since `since` has run out. Undefined
 * when it does not (the install is up, or the call has no patience and spends its retries instead).
 */
export function giveUpTime(state: PacerState, since: number, patienceMs: number): number | undefined {
  if (!state.outage || !patienceMs) return undefined;
  return Math.min(since, state.outage.since) + patienceMs;
}
