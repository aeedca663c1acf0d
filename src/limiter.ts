/**
 * How one client paces its attempts, for every call and operation it makes:
 * - an in-flight limit, at most `maxConcurrency`. When adaptive, a 429 or 503 lowers it at once
 *   to 90%; if the server refused many of the attempts then in flight, to the number it accepted
 *   (measured, not guessed). Successes raise it again, slowly near where the server refused;
 * - an optional rate cap: attempts start at least `1000 / maxRatePerSecond` ms apart;
 * - while the install is down (only 503s and connection errors, nothing served), one attempt at a
 *   time, no sooner than the server asked: the other calls wait in the queue instead of each sending.
 *   A waiting call gives up once the install has been down for its whole patience, or its patience
 *   since it started has run out, whichever is first: a long outage ends a run in about one patience.
 */

import { abortable } from "./abortable.js";

/** What the limiter learns from one attempt. */
export type Outcome =
  /** The server answered and was not overloaded (any 2xx, and 4xx that are not 429). */
  | "served"
  /** 429: too many requests. */
  | "throttled"
  /** 503: maintenance or overload; counts as throttled and as down. */
  | "unavailable"
  /** The install could not be reached. */
  | "unreachable"
  /** Anything else (a timeout, a 500): no signal about load. */
  | "other";

/**
 * A granted attempt, handed back to {@link Limiter.release}: the throttle episode count when it
 * started, which tells whether it was in flight when the current episode began.
 */
export type Slot = number;

/** What a client's limiter is doing now: what a progress display shows. */
export interface LimiterState {
  /** Attempts allowed in flight at once now (at most `maxConcurrency`). */
  limit: number;
  /** The cap it never exceeds. */
  maxConcurrency: number;
  inFlight: number;
  /** Calls waiting for their turn. */
  queued: number;
  /** When the latest wait the server asked for ends (epoch ms), while one is pending. */
  waitingUntil: number | undefined;
  /**
   * Since when the install seems down (epoch ms): only 503s and connection errors, nothing served.
   * The client then sends one probe at a time.
   */
  downSince: number | undefined;
}

/**
 * What a waiting call fails with when the install stays down past its patience, made from the last
 * answer (or connection error) that said the install is down.
 */
export type DownError = (cause: unknown) => unknown;

interface Waiter {
  resolve(slot: Slot): void;
  /** Fails the call: the install stayed down past its patience. */
  giveUp(): void;
  /** When the call started (epoch ms). */
  since: number;
  /** The call's patience in ms, or 0 for none. */
  patience: number;
}

/** Within one step of the limit the server last refused at, the limit grows this many times slower. */
const CAUTIOUS = 8;

/** A client's pacing of its attempts: see the top of this file. */
export interface Limiter {
  /** What it is doing now. */
  readonly state: LimiterState;
  /**
   * A slot for one attempt: at once when one is free and nobody waits, else in turn (first come,
   * first served). Rejects with a signal's reason when one fires, or with `downError(cause)` once
   * the install is down past the patience (ms; 0 for none) of the call that started at `since`.
   */
  acquire(
    since: number,
    patience: number,
    downError: DownError,
    ...signals: Array<AbortSignal | undefined>
  ): Slot | Promise<Slot>;
  /** Hands a slot back with what its attempt found out; `waitMs` is the wait that follows it. */
  release(slot: Slot, outcome: Outcome, waitMs: number, error: unknown): void;
}

/** Creates the limiter of one client; its state lives in this closure, like the client's own. */
export function createLimiter(
  maxConcurrency: number,
  adaptive: boolean,
  maxRatePerSecond: number | undefined,
): Limiter {
  const interval = maxRatePerSecond ? 1000 / maxRatePerSecond : 0;
  let limit = maxConcurrency;
  let inFlight = 0;
  const queue: Waiter[] = [];
  /** Counts throttle episodes: a slot from an earlier one was in flight when the server refused. */
  let epoch = 0;
  /**
   * The throttle episode under way: the limit when it began (0 while there is none), the attempts
   * then in flight, how many of them are still out, and how many the server refused.
   */
  let episodeAt = 0;
  let episodeSize = 0;
  let episodeOut = 0;
  let episodeRefused = 0;
  /** The limit at which the server last refused attempts. */
  let ceiling = Infinity;
  let failStreak = 0;
  /** While down, the limit to return to (the limit is then 1); 0 while up. */
  let limitBeforeDown = 0;
  /** While down, since when (epoch ms); 0 while up. */
  let downSince = 0;
  /** The last answer (or connection error) that said the install is down. */
  let downCause: unknown;
  /** No attempt starts before this time (epoch ms): the rate cap, or the wait asked for while down. */
  let notBefore = 0;
  /** When the latest wait the server asked a call for ends (epoch ms). */
  let askedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Whether an attempt may start now: below the limit, and not before its time. */
  const free = (now: number) => inFlight < Math.floor(limit) && now >= notBefore;

  function take(): Slot {
    if (interval) notBefore = Math.max(Date.now(), notBefore) + interval;
    inFlight++;
    return epoch;
  }

  /** Takes a waiter out of the queue; the last one out clears the timer, so it keeps no process alive. */
  function leave(waiter: Waiter): void {
    const at = queue.indexOf(waiter);
    if (at !== -1) queue.splice(at, 1);
    if (!queue.length) clearTimeout(timer);
  }

  /** Grants slots to waiters in turn while allowed; otherwise sets a timer for when one may be. */
  function pump(): void {
    clearTimeout(timer);
    const now = Date.now();
    let wakeAt = Infinity;
    if (downSince) {
      // Down: a call whose patience ran out fails; the pump wakes when the next one's runs out. A
      // call with none waits its turn as a probe and spends its retries instead.
      for (const waiter of [...queue]) {
        const end = Math.min(waiter.since, downSince) + waiter.patience;
        if (end > now) wakeAt = Math.min(wakeAt, end);
        else if (waiter.patience) {
          leave(waiter);
          waiter.giveUp();
        }
      }
    }
    while (queue.length && free(now)) (queue.shift() as Waiter).resolve(take());
    if (queue.length) {
      if (notBefore > now) wakeAt = Math.min(wakeAt, notBefore);
      if (wakeAt < Infinity) timer = setTimeout(pump, wakeAt - now);
    }
  }

  return {
    get state() {
      return {
        limit: Math.floor(limit),
        maxConcurrency,
        inFlight,
        queued: queue.length,
        waitingUntil: askedUntil > Date.now() ? askedUntil : undefined,
        downSince: downSince || undefined,
      };
    },

    acquire(since, patience, downError, ...signals) {
      if (!queue.length && free(Date.now())) return take();
      return abortable(signals, (resolve, reject) => {
        const waiter: Waiter = { resolve, since, patience, giveUp: () => reject(downError(downCause)) };
        queue.push(waiter);
        pump();
        return () => leave(waiter);
      });
    },

    release(slot, outcome, waitMs, error) {
      inFlight--;
      const overloaded = outcome === "throttled" || outcome === "unavailable";
      if (episodeAt && slot < epoch) {
        episodeOut--;
        if (overloaded) episodeRefused++;
      }
      if (overloaded) {
        askedUntil = Math.max(askedUntil, Date.now() + waitMs);
        if (adaptive && !episodeAt) {
          epoch++;
          episodeAt = limit;
          episodeSize = episodeOut = inFlight;
          episodeRefused = 0;
          limit = Math.max(1, limit * 0.9);
        }
      }
      if (episodeAt && !episodeOut) {
        // Full: it refused at least a tenth of what was in flight (one stray refusal is no measure).
        if ((episodeRefused + 1) * 10 >= episodeSize + 1) {
          limit = Math.max(1, Math.min(limit, episodeSize - episodeRefused));
        }
        ceiling = episodeAt;
        episodeAt = 0;
      } else if (outcome === "served" && adaptive && !episodeAt && (inFlight + 1) * 2 >= limit) {
        // Additive increase while the limit is in use: a step per limit's worth of successes, slower near the ceiling.
        const step = 1 / limit / (limit + 1 >= ceiling ? CAUTIOUS : 1);
        limit = Math.min(maxConcurrency, limit + step);
      }

      if (outcome === "unavailable" || outcome === "unreachable") {
        downCause = error;
        // Down: as many of these in a row as half the limit (2 to 8), with nothing served between.
        if (++failStreak >= Math.min(8, Math.max(2, limit / 2))) {
          // One probe at a time, no sooner than the wait that follows this answer.
          limitBeforeDown ||= Math.max(limit, episodeAt);
          downSince ||= Date.now();
          limit = 1;
          notBefore = Math.max(notBefore, Date.now() + waitMs);
        }
      } else if (outcome !== "other") {
        failStreak = 0;
        if (limitBeforeDown) {
          // Back up: the outage said nothing about capacity, so resume where it was before.
          limit = limitBeforeDown;
          limitBeforeDown = downSince = 0;
          episodeAt = 0;
        }
      }
      pump();
    },
  };
}
