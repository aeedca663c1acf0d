import { describe, expect, it } from "vitest";
import { initialLatency, type LatencyState } from "../../src/latency.ts";
import {
  type AttemptReport,
  giveUpTime,
  initialPacer,
  mayStart,
  type PacerSettings,
  type PacerState,
  type PacingSignal,
  released,
  type Slot,
  started,
} from "../../src/pacing.ts";

const T0 = 1_000_000;
const settings = (over: Partial<PacerSettings> = {}): PacerSettings => ({
  maxConcurrency: 10,
  adaptive: true,
  latencyAware: false,
  intervalMs: 0,
  ...over,
});

/** The pacer with `n` attempts started at `now`, each slot kept in start order. */
function withStarted(state: PacerState, n: number, now = T0): { state: PacerState; slots: Slot[] } {
  const slots: Slot[] = [];
  for (let i = 0; i < n; i++) {
    const next = started(state, now);
    slots.push(next.slot);
    state = next.state;
  }
  return { state, slots };
}

/** One attempt started at `at` and back at `back` with `signal`. */
function roundTrip(state: PacerState, signal: PacingSignal, at = T0, back = at): PacerState {
  const { state: busy, slot } = started(state, at);
  return released(busy, report(slot, signal), back);
}

/** A slot of the first episode, started at T0. */
const EARLY: Slot = { epoch: 0, startedAt: T0 };

const report = (slot: Slot, signal: PacingSignal, waitMs = 0, error: unknown = signal): AttemptReport => ({
  slot,
  signal,
  waitMs,
  error,
});

/** Releases one slot per signal, in order, all at `now`. */
function releaseAll(state: PacerState, slots: Slot[], signals: PacingSignal[], now = T0, waitMs = 0) {
  signals.forEach((signal, i) => {
    state = released(state, report(slots[i] as Slot, signal, waitMs), now);
  });
  return state;
}

describe("the pacer's adaptive limit", () => {
  it("lowers the limit at once to 90% on the first push-back", () => {
    const { state, slots } = withStarted(initialPacer(settings()), 10);
    const after = released(state, report(slots[0] as Slot, "slowDown", 1_000), T0);
    expect(after.limit).toBeCloseTo(9);
    expect(after.askedUntil).toBe(T0 + 1_000);
  });

  it("ends an episode at the number of attempts the server accepted when it refused many", () => {
    const { state, slots } = withStarted(initialPacer(settings()), 10);
    // The first refusal opens the episode over the 9 others; 4 of them are refused too, 5 served.
    const signals: PacingSignal[] = ["slowDown", "slowDown", "served", "slowDown", "served", "slowDown"];
    signals.push("served", "slowDown", "served", "served");
    const after = releaseAll(state, slots, signals);
    expect(after.limit).toBe(5);
    expect(after.ceiling).toBe(10);
    expect(after.episode).toBeUndefined();
  });

  it("takes one stray refusal among many served attempts as no measure", () => {
    const { state, slots } = withStarted(initialPacer(settings({ maxConcurrency: 32 })), 32);
    const after = releaseAll(state, slots, ["slowDown", ...Array<PacingSignal>(31).fill("served")]);
    expect(Math.floor(after.limit)).toBe(28);
  });

  it("grows the limit by about one per limit's worth of successes while the limit is in use, up to maxConcurrency", () => {
    let state = { ...initialPacer(settings()), limit: 4 };
    for (let i = 0; i < 4; i++) {
      const { state: busy, slots } = withStarted(state, 4);
      // One success with the limit in use, then three attempts that say nothing.
      state = releaseAll(busy, slots, ["served", "none", "none", "none"]);
    }
    expect(state.limit).toBeGreaterThan(4.9);
    expect(state.limit).toBeLessThan(5);
    for (let i = 0; i < 100; i++) {
      const { state: busy, slots } = withStarted(state, Math.floor(state.limit));
      state = releaseAll(busy, slots, Array(slots.length).fill("served"));
    }
    expect(state.limit).toBe(10);
  });

  it("does not grow while the limit is mostly idle", () => {
    let state = { ...initialPacer(settings()), limit: 6 };
    for (let i = 0; i < 50; i++) state = roundTrip(state, "served");
    expect(state.limit).toBe(6);
  });

  it("grows eight times slower within one step of where the server last refused", () => {
    const near = { ...initialPacer(settings()), limit: 5, ceiling: 6 };
    const far = { ...initialPacer(settings()), limit: 5 };
    const grow = (state: PacerState) => {
      const { state: busy, slots } = withStarted(state, 4);
      return released(busy, report(slots[0] as Slot, "served"), T0).limit - 5;
    };
    expect(grow(far)).toBeCloseTo(1 / 5);
    expect(grow(near)).toBeCloseTo(1 / 5 / 8);
  });

  it("keeps the limit at maxConcurrency when adaptiveConcurrency is off", () => {
    const { state, slots } = withStarted(initialPacer(settings({ adaptive: false })), 10);
    expect(releaseAll(state, slots, Array(10).fill("slowDown")).limit).toBe(10);
  });
});

describe("the pacer's latency-aware limit", () => {
  const following = (over: Partial<PacerSettings> = {}) => settings({ latencyAware: true, ...over });
  /** A pacer at `limit` whose latency part knows `latency`, with `n` attempts started at T0. */
  function poised(
    limit: number,
    latency: Partial<LatencyState>,
    n = limit,
    over: Partial<PacerSettings> = {},
  ) {
    const state = { ...initialPacer(following(over)), limit, latency: { ...initialLatency, ...latency } };
    return withStarted(state, n);
  }
  /** The install's unloaded pace, 50 ms, as the baseline of the second T0 falls in. */
  const baseline = { bestRounds: [{ second: Math.floor(T0 / 1000), quartileMs: 50, medianMs: 50 }] };

  it("starts at no more than 4 attempts when it follows latency, and at maxConcurrency when it does not", () => {
    expect(initialPacer(following({ maxConcurrency: 32 })).limit).toBe(4);
    expect(initialPacer(following({ maxConcurrency: 3 })).limit).toBe(3);
    expect(initialPacer(following({ maxConcurrency: 32, adaptive: false })).limit).toBe(32);
    expect(initialPacer(settings({ maxConcurrency: 32 })).limit).toBe(32);
  });

  it("comes down when a fourth round in a row shows a queue, and leaves the refusal ceiling alone", () => {
    // Three queued rounds behind it; the tenth answer of 90 ms against a 50 ms baseline ends the fourth.
    const latency = { ...baseline, queuedRounds: { count: 3, leastMs: 90 }, round: Array(9).fill(90) };
    const { state, slots } = poised(10, latency);
    const after = released(state, report(slots[0] as Slot, "served"), T0 + 90);
    // In proportion, aiming 10% below: 10 × 0.9 × 50 / 90.
    expect(after.limit).toBeCloseTo(5);
    expect(after.ceiling).toBe(Number.POSITIVE_INFINITY);
    expect(after.latency).toMatchObject({
      cutAt: T0 + 90,
      queuedAt: 10,
      slowing: { recentMs: 90, baselineMs: 50 },
    });
  });

  it("ramps up two steps per limit's worth of answers until it first comes down, on answers to attempts sent at the limit reached", () => {
    const grow = (steppedAt: number) => {
      const steppedTo = { limit: 5, at: steppedAt };
      const { state, slots } = poised(5, { ...baseline, keptPace: true, steppedTo }, 4);
      return released(state, report(slots[0] as Slot, "served"), T0 + 50).limit - 5;
    };
    expect(grow(T0)).toBeCloseTo(2 / 5);
    // The limit reached 5 after this attempt started: its answer says nothing of 5.
    expect(grow(T0 + 1)).toBe(0);
  });

  it("after a lowering too, grows only on answers to attempts sent at the whole limit it has now", () => {
    // Lowered from 8 to 6 a while ago; the first answer since notes the change of whole limit.
    const steppedTo = { limit: 8, at: T0 - 2_000 };
    const { state, slots } = poised(6, { ...baseline, keptPace: true, cutAt: T0 - 1_000, steppedTo }, 4);
    const first = released(state, report(slots[0] as Slot, "served"), T0 + 50);
    expect(first.latency.steppedTo).toEqual({ limit: 6, at: T0 + 50 });
    // The other attempts started at T0, before it: their answers say nothing of 6.
    const second = released(first, report(slots[1] as Slot, "served"), T0 + 51);
    expect(second.limit).toBe(first.limit);
    const { state: later, slots: laterSlots } = withStarted(second, 2, T0 + 60);
    expect(released(later, report(laterSlots[0] as Slot, "served"), T0 + 110).limit).toBeGreaterThan(
      first.limit,
    );
  });

  it("grows eight times slower in the step below the limit at which requests last queued", () => {
    const grow = (queuedAt: number) => {
      // Once lowered for latency (cutAt), the ramp is over: one step per limit's worth.
      const { state, slots } = poised(5, { ...baseline, keptPace: true, queuedAt, cutAt: T0 - 1_000 }, 4);
      return released(state, report(slots[0] as Slot, "served"), T0 + 50).limit - 5;
    };
    expect(grow(Number.POSITIVE_INFINITY)).toBeCloseTo(1 / 5);
    expect(grow(6)).toBeCloseTo(1 / 5 / 8);
    expect(grow(5)).toBeCloseTo(1 / 5);
  });

  it("goes back up to the limit before a lowering that did not help, never above maxConcurrency", () => {
    // The second round after lowering from 12 (of 10 allowed) is as slow as the rounds that lowered it.
    const trial = { limitBefore: 12, queuedMs: 90, rounds: 1, bestMs: 90 };
    const { state, slots } = poised(5, { ...baseline, trial, queuedAt: 12, round: Array(4).fill(90) });
    const after = released(state, report(slots[0] as Slot, "served"), T0 + 90);
    expect(after.limit).toBe(10);
    expect(after.latency).toMatchObject({
      trial: undefined,
      queuedAt: Number.POSITIVE_INFINITY,
      cutAt: T0 + 90,
    });
  });

  it("keeps a lowering that took back at least half the slowdown", () => {
    const trial = { limitBefore: 12, queuedMs: 90, rounds: 1, bestMs: 90 };
    const { state, slots } = poised(5, { ...baseline, trial, queuedAt: 12, round: Array(4).fill(65) });
    const after = released(state, report(slots[0] as Slot, "served"), T0 + 65);
    expect(after.limit).toBe(5);
    expect(after.latency).toMatchObject({ trial: undefined, queuedAt: 12 });
  });

  it("still follows a 429 as before, and learns nothing of latency while a throttle episode measures the server", () => {
    const { state, slots } = poised(10, baseline);
    const refused = released(state, report(slots[0] as Slot, "slowDown", 1_000), T0);
    expect(refused.limit).toBeCloseTo(9);
    const served = released(refused, report(slots[1] as Slot, "served"), T0 + 5_000);
    expect(served.latency).toBe(refused.latency);
  });
});

describe("the pacer's rate cap", () => {
  it("lets attempts start only intervalMs apart", () => {
    let state = initialPacer(settings({ intervalMs: 50 }));
    expect(mayStart(state, T0)).toBe(true);
    state = started(state, T0).state;
    expect(mayStart(state, T0 + 49)).toBe(false);
    expect(mayStart(state, T0 + 50)).toBe(true);
    state = started(state, T0 + 70).state;
    expect(state.notBefore).toBe(T0 + 120);
  });

  it("has no cap without maxRatePerSecond", () => {
    const { state } = started(initialPacer(settings()), T0);
    expect(mayStart(state, T0)).toBe(true);
  });
});

describe("the pacer during an outage", () => {
  const down = () => {
    const { state, slots } = withStarted(initialPacer(settings({ maxConcurrency: 8 })), 8);
    return {
      state: releaseAll(
        state,
        slots,
        ["maintenance", "unreachable", "maintenance", "maintenance"],
        T0,
        1_000,
      ),
      slots,
    };
  };

  it("counts the install down after half the limit of 503s and connection errors in a row", () => {
    const { state, slots } = withStarted(initialPacer(settings({ maxConcurrency: 8 })), 8);
    const three = releaseAll(state, slots, ["maintenance", "unreachable", "maintenance"], T0, 1_000);
    expect(three.outage).toBeUndefined();
    const four = released(three, report(slots[3] as Slot, "maintenance", 1_000, "the 4th 503"), T0);
    expect(four.outage).toEqual({ since: T0, limitBefore: 8 });
    expect(four.downCause).toBe("the 4th 503");
  });

  it("sends one probe at a time, no sooner than the wait the server asked for", () => {
    let { state } = down();
    expect(state.limit).toBe(1);
    expect(state.inFlight).toBe(4);
    // The 4 still out come back; the probe waits for the asked second.
    for (let i = 0; i < 4; i++) state = released(state, report(EARLY, "maintenance", 1_000), T0);
    expect(mayStart(state, T0 + 999)).toBe(false);
    expect(mayStart(state, T0 + 1_000)).toBe(true);
    state = started(state, T0 + 1_000).state;
    expect(mayStart(state, T0 + 1_000)).toBe(false);
  });

  it("goes back to the limit it had before the outage once an attempt is served", () => {
    let { state } = down();
    for (let i = 0; i < 4; i++) state = released(state, report(EARLY, "maintenance", 1_000), T0);
    state = roundTrip(state, "served", T0 + 1_000, T0 + 1_200);
    expect(state.outage).toBeUndefined();
    expect(state.limit).toBe(8);
  });

  it("is not broken by a timeout or a 500, which say nothing about load", () => {
    let { state } = down();
    state = releaseAll(state, [EARLY, EARLY], ["none", "none"], T0);
    expect(state.outage).toEqual({ since: T0, limitBefore: 8 });
  });

  it("gives a waiting call up once the install has been down for its patience, or its own patience ran out", () => {
    const { state } = down();
    expect(giveUpTime(state, T0 + 500, 3_000)).toBe(T0 + 3_000);
    expect(giveUpTime(state, T0 - 2_000, 3_000)).toBe(T0 + 1_000);
    expect(giveUpTime(state, T0, 0)).toBeUndefined();
    expect(giveUpTime(initialPacer(settings()), T0, 3_000)).toBeUndefined();
  });
});
