/**
 * How one client paces its attempts, for every call and operation it makes:
 * - an in-flight limit, at most `maxConcurrency`. When adaptive, a 429 or 503 lowers it at once
 *   to 90%; if the server refused many of the attempts then in flight, to the number it accepted
 *   (measured, not guessed). Successes raise it again, slowly near where the server refused;
 * - an optional rate cap: attempts start at least `1000 / maxRatePerSecond` ms apart;
 * - while the install is down (only 503s and connection errors, nothing served), one attempt at a
 *   time, no sooner than the server asked: the other calls wait in the queue instead of each sending.
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
}

/**
 * Why a waiting call got no slot: the install stayed down for the call's whole patience. `cause` is
 * the last answer (or connection error) that said so.
 */
export class InstallDown extends Error {}

interface Waiter {
  resolve(slot: Slot): void;
  reject(reason: unknown): void;
  /** When the call's patience ends (epoch ms), or 0 for none. */
  deadline: number;
}

/** Within one step of the limit the server last refused at, the limit grows this many times slower. */
const CAUTIOUS = 8;

export class Limiter {
  readonly #cap: number;
  readonly #adaptive: boolean;
  readonly #interval: number;
  #limit: number;
  #inFlight = 0;
  #queue: Waiter[] = [];
  /** Counts throttle episodes: a slot from an earlier one was in flight when the server refused. */
  #epoch = 0;
  /** The throttle episode under way: attempts then in flight (`n`), still out, refused, and the limit then. */
  #episode: { n: number; out: number; refused: number; at: number } | undefined;
  /** The limit at which the server last refused attempts. */
  #ceiling = Infinity;
  #failStreak = 0;
  /** While down, the limit to return to (the limit is then 1); 0 while up. */
  #limitBeforeDown = 0;
  #downError: unknown;
  /** No attempt starts before this time (epoch ms): the rate cap, or the wait asked for while down. */
  #notBefore = 0;
  /** When the latest wait the server asked a call for ends (epoch ms). */
  #askedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(maxConcurrency: number, adaptive: boolean, maxRatePerSecond: number | undefined) {
    this.#cap = this.#limit = maxConcurrency;
    this.#adaptive = adaptive;
    this.#interval = maxRatePerSecond ? 1000 / maxRatePerSecond : 0;
  }

  get state(): LimiterState {
    const until = this.#askedUntil;
    return {
      limit: Math.floor(this.#limit),
      maxConcurrency: this.#cap,
      inFlight: this.#inFlight,
      queued: this.#queue.length,
      waitingUntil: until > Date.now() ? until : undefined,
    };
  }

  /**
   * A slot for one attempt: at once when one is free and nobody waits, else in turn (first come,
   * first served). Rejects with a signal's reason when one fires, or with {@link InstallDown} once
   * the install is down past the call's `deadline` (epoch ms; 0 for none).
   */
  acquire(deadline: number, ...signals: Array<AbortSignal | undefined>): Slot | Promise<Slot> {
    if (!this.#queue.length && this.#free(Date.now())) return this.#take();
    return abortable(signals, (resolve, reject) => {
      const waiter: Waiter = { resolve, reject, deadline };
      this.#queue.push(waiter);
      this.#pump();
      return () => this.#leave(waiter);
    });
  }

  /** Hands a slot back with what its attempt found out; `waitMs` is the wait that follows it. */
  release(slot: Slot, outcome: Outcome, waitMs: number, error: unknown): void {
    this.#inFlight--;
    const overloaded = outcome === "throttled" || outcome === "unavailable";
    let episode = this.#episode;
    if (episode && slot < this.#epoch) {
      episode.out--;
      if (overloaded) episode.refused++;
    }
    if (overloaded) {
      this.#askedUntil = Math.max(this.#askedUntil, Date.now() + waitMs);
      if (this.#adaptive && !episode) {
        this.#epoch++;
        episode = this.#episode = { n: this.#inFlight, out: this.#inFlight, refused: 0, at: this.#limit };
        this.#limit = Math.max(1, this.#limit * 0.9);
      }
    }
    if (episode && !episode.out) {
      // Full: it refused at least a tenth of what was in flight (one stray refusal is no measure).
      const { n, refused, at } = episode;
      if ((refused + 1) * 10 >= n + 1) this.#limit = Math.max(1, Math.min(this.#limit, n - refused));
      this.#ceiling = at;
      this.#episode = undefined;
    } else if (
      outcome === "served" &&
      this.#adaptive &&
      !episode &&
      (this.#inFlight + 1) * 2 >= this.#limit
    ) {
      // Additive increase while the limit is in use: a step per limit's worth of successes, slower near the ceiling.
      const step = 1 / this.#limit / (this.#limit + 1 >= this.#ceiling ? CAUTIOUS : 1);
      this.#limit = Math.min(this.#cap, this.#limit + step);
    }

    if (outcome === "unavailable" || outcome === "unreachable") {
      this.#downError = error;
      // Down: as many of these in a row as half the limit (2 to 8), with nothing served between.
      if (++this.#failStreak >= Math.min(8, Math.max(2, this.#limit / 2))) {
        // One probe at a time, no sooner than the wait that follows this answer.
        this.#limitBeforeDown ||= Math.max(this.#limit, this.#episode?.at ?? 0);
        this.#limit = 1;
        this.#notBefore = Math.max(this.#notBefore, Date.now() + waitMs);
      }
    } else if (outcome !== "other") {
      this.#failStreak = 0;
      if (this.#limitBeforeDown) {
        // Back up: the outage said nothing about capacity, so resume where it was before.
        this.#limit = this.#limitBeforeDown;
        this.#limitBeforeDown = 0;
        this.#episode = undefined;
      }
    }
    this.#pump();
  }

  /** Whether an attempt may start now: below the limit, and not before its time. */
  #free(now: number): boolean {
    return this.#inFlight < Math.floor(this.#limit) && now >= this.#notBefore;
  }

  #take(): Slot {
    if (this.#interval) this.#notBefore = Math.max(Date.now(), this.#notBefore) + this.#interval;
    this.#inFlight++;
    return this.#epoch;
  }

  /** Takes a waiter out of the queue. */
  #leave(waiter: Waiter): void {
    const at = this.#queue.indexOf(waiter);
    if (at !== -1) this.#queue.splice(at, 1);
  }

  /** Grants slots to waiters in turn while allowed; otherwise sets a timer for when one may be. */
  #pump(): void {
    clearTimeout(this.#timer);
    const now = Date.now();
    let wakeAt = Infinity;
    if (this.#limitBeforeDown) {
      // Down: the calls whose patience ran out fail. With none, a call waits its turn as a probe
      // and spends its retries instead.
      for (const waiter of [...this.#queue]) {
        if (!waiter.deadline) continue;
        if (waiter.deadline <= now) {
          this.#leave(waiter);
          waiter.reject(new InstallDown(undefined, { cause: this.#downError }));
        } else wakeAt = Math.min(wakeAt, waiter.deadline);
      }
    }
    while (this.#queue.length && this.#free(now)) {
      const waiter = this.#queue[0] as Waiter;
      this.#leave(waiter);
      waiter.resolve(this.#take());
    }
    if (this.#queue.length && this.#notBefore > now) wakeAt = Math.min(wakeAt, this.#notBefore);
    if (this.#queue.length && wakeAt < Infinity) this.#timer = setTimeout(() => this.#pump(), wakeAt - now);
  }
}
