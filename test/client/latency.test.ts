import { describe, expect, it } from "vitest";
import { initialPacer, type PacerState, released, started } from "../../src/pacing.ts";

const T0 = 1_800_000_000_000;

const pacer = (maxConcurrency = 32, latencyAware = true) =>
  initialPacer({ maxConcurrency, adaptive: true, latencyAware, intervalMs: 0 });

/**
 * One round on a stepped clock: as many attempts as the limit allows start at `at`, each answered
 * after `answerMs(i, n)` ms (`n` attempts in flight); returns the pacer once all are back, and when
 * the last came back.
 */
function round(state: PacerState, at: number, answerMs: (i: number, n: number) => number) {
  const slots = [];
  const n = Math.floor(state.limit);
  for (let i = 0; i < n; i++) {
    const next = started(state, at);
    state = next.state;
    slots.push({ slot: next.slot, back: at + answerMs(i, n) });
  }
  slots.sort((a, b) => a.back - b.back);
  for (const { slot, back } of slots)
    state = released(state, { slot, signal: "served", waitMs: 0, error: undefined }, back);
  return { state, end: Math.max(...slots.map((s) => s.back)) };
}

/** Runs rounds whose answer time is `ms(roundIndex, i, inFlight)`; returns the limit after each round. */
function run(state: PacerState, rounds: number, ms: (r: number, i: number, n: number) => number, at = T0) {
  const limits: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ({ state, end: at } = round(state, at, (i, n) => ms(r, i, n)));
    limits.push(Math.floor(state.limit));
  }
  return { state, limits, at };
}

/** An install of `workers` workers taking `serviceMs` each: with more attempts in flight, each waits its turn (Little's law). */
const queueing =
  (workers: number, serviceMs = 50) =>
  (n: number) =>
    serviceMs * Math.max(1, n / workers);

/** A repeatable stream of numbers in [0, 1) (Park–Miller), so noise is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
}

const grownAt50 = () => run(pacer(32), 100, () => 50);

describe("the pacer follows the install's answer times", () => {
  it("starts at no more than 4 attempts and holds there until a round has shown the install's pace", () => {
    const state = pacer(32);
    expect(state.limit).toBe(4);
    // Four answers of a round of at least five: no verdict yet, no growth.
    expect(run(state, 1, () => 50).limits).toEqual([4]);
    expect(pacer(2).limit).toBe(2);
  });

  it("grows to maxConcurrency on a flat series, whatever its level: a slow server is not a busy one", () => {
    for (const level of [2, 50, 500, 5_000]) {
      const { limits } = run(pacer(32), 100, () => level);
      expect(limits.at(-1)).toBe(32);
    }
  });

  it("lowers the limit as answer times rise because requests queue in the install", () => {
    const grown = grownAt50();
    // The install's free workers fall from 32 to 6 (its live traffic takes the rest), one fewer each round.
    const workers = (r: number) => Math.max(6, 32 - r);
    const { limits } = run(grown.state, 120, (r, _i, n) => queueing(workers(r))(n), grown.at);
    expect(limits[0]).toBe(32);
    expect(Math.max(...limits.slice(60))).toBeLessThanOrEqual(8);
    expect(Math.min(...limits.slice(60))).toBeGreaterThanOrEqual(5);
  });

  it("settles about where answers stop rising", () => {
    // 8 workers of 50 ms: with more than 8 in flight, each answer waits its turn.
    const { limits } = run(pacer(32), 300, (_r, _i, n) => queueing(8)(n));
    expect(Math.max(...limits)).toBeLessThanOrEqual(10);
    expect(Math.min(...limits.slice(50))).toBeGreaterThanOrEqual(7);
  });

  it("stops growing as soon as most of a round waits, before the lower quartile shows a queue", () => {
    // Past 8 in flight, two answers in three wait 10 ms in the install's queue; the fastest third never does.
    const { state, limits } = run(pacer(32), 100, (_r, i, n) => (n > 8 && i >= n / 3 ? 60 : 50));
    expect(Math.max(...limits)).toBeLessThanOrEqual(10);
    expect(limits.at(-1)).toBeGreaterThanOrEqual(9);
    expect(state.latency.slowing).toEqual({ recentMs: 60, baselineMs: 50 });
  });

  it("does not halve the limit for one slow answer a round", () => {
    const grown = grownAt50();
    const { limits } = run(grown.state, 20, (_r, i) => (i === 0 ? 5_000 : 50), grown.at);
    expect(Math.min(...limits)).toBe(32);
  });

  it("does not lower the limit for three slow rounds in a row: the client's own delays seldom last four", () => {
    const grown = grownAt50();
    const { limits } = run(grown.state, 40, (r) => (r % 10 < 3 ? 200 : 50), grown.at);
    expect(Math.min(...limits)).toBe(32);
  });

  it("keeps its limit when the client's own delays, not the install, make answers late", () => {
    // An unqueued 50 ms install seen from a busy client: each answer late by up to 40 ms (a quarter
    // of them more than 10 ms), and now and then a stall that holds back every answer of 8 rounds.
    const next = random(19);
    const grown = grownAt50();
    const stalls = new Set([30, 31, 32, 33, 34, 35, 36, 37, 90, 91, 92, 93, 94, 95, 96, 97]);
    const { limits } = run(
      grown.state,
      150,
      (r) => 50 + Math.round(-Math.log(1 - next()) * 8) + (stalls.has(r) ? 60 : 0),
      grown.at,
    );
    expect(limits.at(-1)).toBe(32);
    expect(limits.filter((limit) => limit === 32).length).toBeGreaterThanOrEqual(140);
  });

  it("goes back up when lowering did not make answers faster: the slowdown was not the install's queue", () => {
    const grown = grownAt50();
    // 90 ms whatever the limit: four rounds lower it, and the two rounds sent after show no gain.
    const { limits, state } = run(grown.state, 8, () => 90, grown.at);
    const lowered = limits.indexOf(16);
    expect(lowered).toBeGreaterThanOrEqual(3);
    expect(limits.slice(0, lowered)).toEqual(Array(lowered).fill(32));
    expect(limits.slice(lowered + 2)).toContain(32);
    expect(limits.at(-1)).toBe(32);
    expect(state.latency.slowing).toEqual({ recentMs: 90, baselineMs: 50 });
  });

  it("lowers by at most half in one step, however slow the rounds", () => {
    const grown = grownAt50();
    // Answers twenty times slower than the baseline, round after round (for less than the baseline's 10 s memory).
    const { limits } = run(grown.state, 6, () => 1_000, grown.at);
    expect(limits).toContain(16);
    expect(Math.min(...limits)).toBe(16);
  });

  it("grows back once the queue has drained", () => {
    const grown = grownAt50();
    const slowed = run(grown.state, 40, (_r, _i, n) => queueing(6)(n), grown.at);
    expect(Math.floor(slowed.state.limit)).toBeLessThanOrEqual(8);
    const recovered = run(slowed.state, 300, () => 50, slowed.at);
    expect(recovered.state.latency.slowing).toBeUndefined();
    expect(recovered.limits.at(-1)).toBe(32);
  });

  it("tells what slows the install while it does: the last round against the baseline", () => {
    const grown = grownAt50();
    const { state } = run(grown.state, 2, () => 80, grown.at);
    expect(state.latency.slowing).toEqual({ recentMs: 80, baselineMs: 50 });
  });

  it("takes a server that got slower for good as its new pace after 10 seconds", () => {
    const grown = grownAt50();
    const slower = run(grown.state, 1_000, () => 400, grown.at);
    expect(slower.state.latency.slowing).toBeUndefined();
    expect(slower.limits.at(-1)).toBe(32);
  });

  it("does not judge an install that answers faster than 20 ms, where the client's own delays are as long", () => {
    const grown = run(pacer(32), 100, () => 4);
    const { limits } = run(grown.state, 12, (r) => 4 + 3 * r, grown.at);
    expect(limits).toEqual(Array(12).fill(32));
  });

  it("ignores answer times when adaptToLatency is off: the whole limit from the start", () => {
    const state = pacer(32, false);
    expect(state.limit).toBe(32);
    expect(run(state, 10, (r) => 50 * (r + 1)).limits).toEqual(Array(10).fill(32));
  });
});
