/**
 * How one client paces its attempts, for every call and operation it makes:
 * - an in-flight limit, at most `maxConcurrency`. When adaptive, a 429 or 503 lowers it at once
 *   to 90%; if the server refused many of the attempts then in flight, to the number it accepted
 *   (measured, not guessed). Successes raise it again, slowly near where the server refused;
 * - an optional rate cap: attempts start at least `1000 / maxRatePerSecond` ms apart;
 * - while the install is down (only 503s and connection errors, nothing served), one attempt at a
 *   time, no sooner than the server asked: the other calls wait in the queue instead of each sending.
 */

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

/** A granted attempt: an opaque token handed back to {@link Limiter.release}. */
export type Slot = Readonly<Record<never, never>>;

/** A call's patience: once it has waited on the server past `deadline`, it fails. */
export interface Patience {
  ms: number;
  deadline: number | undefined;
}

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
  patience: Patience;
  signals: ReadonlyArray<AbortSignal | undefined>;
  onAbort(): void;
}

/** Within one step of the limit the server last refused at, the limit grows this many times slower. */
const CAUTIOUS = 8;

export class Limiter {
  readonly #cap: number;
  readonly #adaptive: boolean;
  readonly #interval: number;
  #limit: number;
  /** Attempts in flight, each by its slot: a throttle episode waits for exactly these. */
  #inFlight = new Set<Slot>();
  #queue: Waiter[] = [];
  /** The attempts in flight when the server refused one, how many it accepted and refused, the limit then. */
  #episode: { pending: Set<Slot>; accepted: number; refused: number; at: number } | undefined;
  /** The limit at which the server last refused attempts. */
  #ceiling = Infinity;
  #failStreak = 0;
  /** While down: no attempt before this time (epoch ms), and one at a time. */
  #pausedUntil: number | undefined;
  #limitBeforeDown = 0;
  #downError: unknown;
  #nextStart = 0;
  /** When the latest wait the server asked a call for ends (epoch ms). */
  #askedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(maxConcurrency: number, adaptive: boolean, maxRatePerSecond: number | undefined) {
    this.#cap = this.#limit = maxConcurrency;
    this.#adaptive = adaptive;
    this.#interval = maxRatePerSecond ? 1000 / maxRatePerSecond : 0;
  }

  get state(): LimiterState {
    const until = Math.max(this.#askedUntil, this.#pausedUntil ?? 0);
    return {
      limit: Math.floor(this.#limit),
      maxConcurrency: this.#cap,
      inFlight: this.#inFlight.size,
      queued: this.#queue.length,
      waitingUntil: until > Date.now() ? until : undefined,
    };
  }

  /**
   * A slot for one attempt: at once when one is free and nobody waits, else in turn (first come,
   * first served). Rejects with a signal's reason when one fires, or with {@link InstallDown} once
   * the install has been down for the call's whole `patience`.
   */
  acquire(patience: Patience, ...signals: Array<AbortSignal | undefined>): Slot | Promise<Slot> {
    if (!this.#queue.length && !this.#pausedUntil && this.#free(Date.now())) return this.#take();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        patience,
        signals,
        onAbort: () => {
          this.#leave(waiter);
          reject(signals.find((signal) => signal?.aborted)?.reason);
        },
      };
      for (const signal of signals) signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Hands a slot back with what its attempt found out; `waitMs` is the wait that follows it. */
  release(slot: Slot, outcome: Outcome, waitMs: number, error: unknown): void {
    this.#inFlight.delete(slot);
    const overloaded = outcome === "throttled" || outcome === "unavailable";
    const episode = this.#episode;
    if (episode?.pending.delete(slot) && overloaded) {
      episode.accepted--;
      episode.refused++;
    }
    if (overloaded) {
      this.#askedUntil = Math.max(this.#askedUntil, Date.now() + waitMs);
      if (this.#adaptive && !episode) {
        this.#episode = {
          pending: new Set(this.#inFlight),
          accepted: this.#inFlight.size,
          refused: 0,
          at: this.#limit,
        };
        this.#limit = Math.max(1, this.#limit * 0.9);
      }
    }
    if (this.#episode?.pending.size === 0) {
      const { accepted, refused, at } = this.#episode;
      // Full: it refused at least a tenth of what was in flight (one stray refusal is no measure).
      if ((refused + 1) * 10 >= accepted + refused + 1)
        this.#limit = Math.max(1, Math.min(this.#limit, accepted));
      this.#ceiling = at;
      this.#episode = undefined;
    } else if (
      outcome === "served" &&
      this.#adaptive &&
      !episode &&
      (this.#inFlight.size + 1) * 2 >= this.#limit
    ) {
      // Additive increase while the limit is in use: a step per limit's worth of successes, slower near the ceiling.
      this.#limit = Math.min(
        this.#cap,
        this.#limit + 1 / this.#limit / (this.#limit + 1 >= this.#ceiling ? CAUTIOUS : 1),
      );
    }

    if (outcome === "unavailable" || outcome === "unreachable") {
      this.#downError = error;
      // Down: as many of these in a row as half the limit (2 to 8), with nothing served between.
      if (++this.#failStreak >= Math.min(8, Math.max(2, this.#limit / 2))) {
        this.#limitBeforeDown ||= Math.max(this.#limit, this.#episode?.at ?? 0);
        this.#pausedUntil = Date.now() + waitMs;
      }
    } else if (outcome !== "other") {
      this.#failStreak = 0;
      if (this.#pausedUntil) {
        // Back up: the outage said nothing about capacity, so resume where it was before.
        this.#limit = this.#limitBeforeDown;
        this.#pausedUntil = this.#episode = undefined;
        this.#limitBeforeDown = 0;
      }
    }
    this.#pump();
  }

  /** Whether an attempt may start now: below the limit (one at a time while down), and the rate allows. */
  #free(now: number): boolean {
    return this.#inFlight.size < (this.#pausedUntil ? 1 : Math.floor(this.#limit)) && now >= this.#nextStart;
  }

  #take(): Slot {
    if (this.#interval) this.#nextStart = Math.max(Date.now(), this.#nextStart) + this.#interval;
    const slot: Slot = {};
    this.#inFlight.add(slot);
    return slot;
  }

  /** Takes a waiter out of the queue and stops listening to its signals. */
  #leave(waiter: Waiter): void {
    for (const signal of waiter.signals) signal?.removeEventListener("abort", waiter.onAbort);
    const at = this.#queue.indexOf(waiter);
    if (at !== -1) this.#queue.splice(at, 1);
  }

  /** Grants slots to waiters in turn while allowed; otherwise sets a timer for when one may be. */
  #pump(): void {
    clearTimeout(this.#timer);
    const now = Date.now();
    let wakeAt = Infinity;
    if (this.#pausedUntil) {
      // Down: the calls that waited past their patience fail. With no patience, a call waits its
      // turn as a probe and spends its retries instead.
      for (const waiter of [...this.#queue]) {
        const { patience } = waiter;
        if (!patience.ms) continue;
        patience.deadline ??= now + patience.ms;
        if (patience.deadline <= now) {
          this.#leave(waiter);
          waiter.reject(new InstallDown(undefined, { cause: this.#downError }));
        } else wakeAt = Math.min(wakeAt, patience.deadline);
      }
    }
    while (this.#queue.length && now >= (this.#pausedUntil ?? 0) && this.#free(now)) {
      const waiter = this.#queue[0] as Waiter;
      this.#leave(waiter);
      waiter.resolve(this.#take());
    }
    const blockedUntil = Math.max(this.#nextStart, this.#pausedUntil ?? 0);
    if (this.#queue.length && blockedUntil > now) wakeAt = Math.min(wakeAt, blockedUntil);
    if (this.#queue.length && wakeAt < Infinity) {
      this.#timer = setTimeout(() => this.#pump(), wakeAt - now);
    }
  }
}
