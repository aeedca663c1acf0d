/**
 * The shell of a client's pacer: the queue of calls waiting for their turn, and the one timer that
 * wakes it. What to do is decided in `pacing.ts`, from the state, the event and the clock's time.
 */

import { abortable } from "./abortable.js";
import type { Clock } from "./clock.js";
import type { Slowing } from "./latency.js";
import {
  type AttemptReport,
  giveUpTime,
  initialPacer,
  mayStart,
  type PacerSettings,
  released,
  type Slot,
  started,
} from "./pacing.js";

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
  /**
   * Set while the install's answers are slower than its unloaded pace by enough that the client
   * holds or lowers its limit (`adaptToLatency`): requests are queueing in the install.
   */
  slowing: Slowing | undefined;
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
  /** The call's own timer while it waits in the queue, where it keeps watch (`watchMs`). */
  watch?: unknown;
}

/** A client's pacing of its attempts: see `pacing.ts`. */
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
  /** Hands a slot back with what its attempt found out. */
  release(report: AttemptReport): void;
}

/**
 * Creates the limiter of one client, on `clock`'s time and timers.
 *
 * With `watchMs`, each waiting call keeps a timer of its own, which pumps the queue every `watchMs`
 * until the call leaves it. This is for Cloudflare Workers, where a client made at module scope
 * serves many requests: there a request whose only pending work is a promise another request will
 * settle is cancelled as hung, and a timer ends with the request that set it, so the one timer that
 * wakes the queue may die with a request that has already answered. A call's own timer keeps its
 * request alive, and its ticks pump from a request that is still waiting.
 */
export function createLimiter(settings: PacerSettings, clock: Clock, watchMs = 0): Limiter {
  let pacer = initialPacer(settings);
  const queue: Waiter[] = [];
  let timer: unknown;

  function take(now: number): Slot {
    const { state, slot } = started(pacer, now);
    pacer = state;
    return slot;
  }

  /** Takes a waiter out of the queue; the last one out clears the timer, so it keeps no process alive. */
  function leave(waiter: Waiter): void {
    const at = queue.indexOf(waiter);
    if (at !== -1) queue.splice(at, 1);
    clock.clearTimeout(waiter.watch);
    waiter.watch = undefined;
    if (!queue.length) clock.clearTimeout(timer);
  }

  /** Sets a waiter's own timer: each tick pumps, until the waiter leaves the queue (see `watchMs`). */
  function keepWatch(waiter: Waiter): void {
    waiter.watch = clock.setTimeout(() => {
      // In Workers a timer of another request's cannot be cleared: a waiter that left ends here.
      if (waiter.watch === undefined) return;
      keepWatch(waiter);
      pump();
    }, watchMs);
  }

  /** Fails the waiters whose patience ran out; returns when the next one's runs out. */
  function giveUpExpired(now: number): number {
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const waiter of [...queue]) {
      const end = giveUpTime(pacer, waiter.since, waiter.patience);
      if (end === undefined) continue;
      if (end > now) {
        wakeAt = Math.min(wakeAt, end);
      } else {
        leave(waiter);
        waiter.giveUp();
      }
    }
    return wakeAt;
  }

  /** Grants slots to waiters in turn while allowed; otherwise sets a timer for when one may be. */
  function pump(): void {
    clock.clearTimeout(timer);
    const now = clock.now();
    // Only a down install makes waiters give up: while up, the queue is not walked.
    let wakeAt = pacer.outage ? giveUpExpired(now) : Number.POSITIVE_INFINITY;
    while (queue.length && mayStart(pacer, now)) {
      const waiter = queue[0] as Waiter;
      leave(waiter);
      waiter.resolve(take(now));
    }
    if (!queue.length) return;
    if (pacer.notBefore > now) wakeAt = Math.min(wakeAt, pacer.notBefore);
    if (wakeAt < Number.POSITIVE_INFINITY) timer = clock.setTimeout(pump, wakeAt - now);
  }

  return {
    get state() {
      const now = clock.now();
      return {
        limit: Math.floor(pacer.limit),
        maxConcurrency: settings.maxConcurrency,
        inFlight: pacer.inFlight,
        queued: queue.length,
        waitingUntil: pacer.askedUntil > now ? pacer.askedUntil : undefined,
        downSince: pacer.outage?.since,
        slowing: pacer.latency.slowing,
      };
    },

    acquire(since, patience, downError, ...signals) {
      const now = clock.now();
      if (!queue.length && mayStart(pacer, now)) return take(now);
      return abortable(signals, (resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          since,
          patience,
          giveUp: () => reject(downError(pacer.downCause)),
        };
        queue.push(waiter);
        if (watchMs) keepWatch(waiter);
        pump();
        return () => leave(waiter);
      });
    },

    release(report) {
      pacer = released(pacer, report, clock.now());
      pump();
    },
  };
}
