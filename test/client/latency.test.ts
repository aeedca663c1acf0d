import { describe, expect, it } from "vitest";
import { initialPacer, type PacerState, released, started } from "../../src/pacing.ts";

const T0 = 1_800_000_000_000;

const pacer = (maxConcurrency = 32, latencyAware = true) =>
  initialPacer({ maxConcurrency, adaptive: true, latencyAware, intervalMs: 0 });

/**
 * One round on a stepped clock: as many attempts as the limit allows start at `at`, each answered
 * after `answerMs(i)` ms; returns the pacer once all are back, and when the last came back.
 */
function round(state: PacerState, at: number, answerMs: (i: number) => number) {
  const slots = [];
  const n = Math.floor(state.limit);
  for (let i = 0; i < n; i++) {
    const next = started(state, at);
    state = next.state;
    slots.push({ slot: next.slot, back: at + answerMs(i) });
  }
  slots.sort((a, b) => a.back - b.back);
  for (const { slot, back } of slots)
    state = released(state, { slot, signal: "served", waitMs: 0, error: undefined }, back);
  return { state, end: Math.max(...slots.map((s) => s.back)) };
}

/** Runs rounds whose answer time is `ms(roundIndex, i)`; returns the limit after each round. */
function run(state: PacerState, rounds: number, ms: (r: number, i: number) => number, at = T0) {
  const limits: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ({ state, end: at } = round(state, at, (i) => ms(r, i)));
    limits.push(Math.floor(state.limit));
  }
  return { state, limits, at };
}

describe("the pacer follows the install's answer times", () => {
  it("starts at no more than 8 attempts and holds there until a round has shown the install's pace", () => {
    const state = pacer(32);
    expect(state.limit).toBe(8);
    // Four answers of a round of eight: no verdict yet, no growth.
    expect(run(state, 1, () => 50).limits).toEqual([8]);
    expect(pacer(4).limit).toBe(4);
  });

  it("grows to maxConcurrency on a flat series, whatever its level: a slow server is not a busy one", () => {
    for (const level of [2, 50, 500, 5_000]) {
      const { limits } = run(pacer(32), 100, () => level);
      expect(limits.at(-1)).toBe(32);
    }
  });

  it("lowers the limit as answer times rise", () => {
    const grown = run(pacer(32), 100, () => 50);
    const { limits } = run(grown.state, 12, (r) => 50 + 25 * r, grown.at);
    expect(limits[0]).toBe(32);
    expect(limits.at(-1)).toBeLessThan(8);
    for (let r = 1; r < limits.length; r++) expect(limits[r]).toBeLessThanOrEqual(limits[r - 1] as number);
  });

  it("settles about where answers stop rising", () => {
    // 8 workers of 50 ms: with more than 8 in flight, each answer waits its turn (Little's law).
    let state = pacer(32);
    let at = T0;
    const limits: number[] = [];
    for (let r = 0; r < 300; r++) {
      const inFlight = Math.floor(state.limit);
      ({ state, end: at } = round(state, at, () => 50 * Math.max(1, inFlight / 8)));
      limits.push(Math.floor(state.limit));
    }
    expect(Math.max(...limits)).toBeLessThanOrEqual(10);
    expect(Math.min(...limits.slice(50))).toBeGreaterThanOrEqual(7);
  });

  it("does not halve the limit for one slow answer a round", () => {
    const grown = run(pacer(32), 100, () => 50);
    const { limits } = run(grown.state, 20, (_r, i) => (i === 0 ? 5_000 : 50), grown.at);
    expect(Math.min(...limits)).toBe(32);
  });

  it("lowers by at most half in one round, however slow the round", () => {
    const grown = run(pacer(32), 100, () => 50);
    // The second round completes a judged round of answers a hundred times slower than the baseline.
    const { limits } = run(grown.state, 2, () => 5_000, grown.at);
    expect(limits).toEqual([32, 16]);
  });

  it("grows back once the queue has drained", () => {
    const grown = run(pacer(32), 100, () => 50);
    const slowed = run(grown.state, 6, () => 200, grown.at);
    expect(Math.floor(slowed.state.limit)).toBeLessThan(8);
    expect(slowed.state.latency.slowing).toMatchObject({ recentMs: 200, baselineMs: 50 });
    const recovered = run(slowed.state, 1_000, () => 50, slowed.at);
    expect(recovered.state.latency.slowing).toBeUndefined();
    expect(recovered.limits.at(-1)).toBe(32);
  });

  it("takes a server that got slower for good as its new pace after 10 seconds", () => {
    const grown = run(pacer(32), 100, () => 50);
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
