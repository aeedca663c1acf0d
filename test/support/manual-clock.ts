import type { Clock } from "../../src/clock.ts";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** A {@link Clock} that moves only when the test says so: time is an input, not a race. */
export interface ManualClock extends Clock {
  /** Timers set and not yet fired or cleared. */
  readonly pending: number;
  /** When the next pending timer is due (epoch ms), if any. */
  readonly nextAt: number | undefined;
  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void;
}

/** A manual clock starting at `start` (epoch ms). */
export function manualClock(start = Date.UTC(2026, 11, 6, 12)): ManualClock {
  let now = start;
  let nextId = 1;
  const timers: Timer[] = [];
  const due = () =>
    timers.reduce<Timer | undefined>((first, t) => (!first || t.at < first.at ? t : first), undefined);
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), callback };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(id) {
      const at = timers.findIndex((t) => t.id === id);
      if (at !== -1) timers.splice(at, 1);
    },
    get pending() {
      return timers.length;
    },
    get nextAt() {
      return due()?.at;
    },
    advance(ms) {
      const end = now + ms;
      for (let next = due(); next && next.at <= end; next = due()) {
        timers.splice(timers.indexOf(next), 1);
        now = Math.max(now, next.at);
        next.callback();
      }
      now = end;
    },
  };
}
