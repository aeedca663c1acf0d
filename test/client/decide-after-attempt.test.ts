import { describe, expect, it } from "vitest";
import { type CallBudget, type Decision, decideAfterAttempt } from "../../src/decide-after-attempt.ts";
import {
  TrackfinityApiError,
  TrackfinityConnectionError,
  TrackfinityTimeoutError,
  TrackfinityUnexpectedResponseError,
} from "../../src/index.ts";

const NOW = 1_800_000_000_000;
const URL_ = "https://tracking.example.com/api/customer/lock";
/** A backoff without jitter, so each wait is known: 100, 200, 400 … ms by count. */
const backoff = (retry: number) => 100 * 2 ** retry;

const answer = (status: number, retryAfterMs?: number) =>
  new TrackfinityApiError(
    { method: "PATCH", url: URL_, status, body: "", headers: new Headers() },
    retryAfterMs,
  );

/** Every failure an attempt can end with, and what the pacer learns from it. */
const OUTCOMES = {
  "2xx, not the expected answer": {
    error: new TrackfinityUnexpectedResponseError(
      { method: "PATCH", url: URL_, status: 200, body: "false", headers: new Headers() },
      "true",
    ),
    signal: "served",
  },
  "302 redirect": { error: answer(302), signal: "served" },
  "400": { error: answer(400), signal: "served" },
  "401": { error: answer(401), signal: "served" },
  "404": { error: answer(404), signal: "served" },
  "408": { error: answer(408), signal: "none" },
  "429 with Retry-After: 1": { error: answer(429, 1_000), signal: "slowDown" },
  "429 without Retry-After": { error: answer(429), signal: "slowDown" },
  "500": { error: answer(500), signal: "none" },
  "502": { error: answer(502), signal: "none" },
  "503 with Retry-After: 1": { error: answer(503, 1_000), signal: "maintenance" },
  "503 without Retry-After": { error: answer(503), signal: "maintenance" },
  "504": { error: answer(504), signal: "none" },
  "connection error": {
    error: new TrackfinityConnectionError(URL_, new Error("ECONNREFUSED")),
    signal: "unreachable",
  },
  timeout: { error: new TrackfinityTimeoutError(URL_, 30_000), signal: "none" },
  "429 with a Retry-After beyond maxRetryAfterMs": { error: answer(429, 90_000), signal: "slowDown" },
  "a value that is not a TrackfinityError": { error: new TypeError("a bug"), signal: "none" },
} as const;

/** The budgets of a call after its second failed attempt, one retry already spent. */
const BUDGETS: Record<string, CallBudget> = {
  "retries and patience left": {
    failures: 2,
    retriesUsed: 1,
    maxRetries: 2,
    patienceEndsAt: NOW + 60_000,
    maxRetryAfterMs: 60_000,
    idempotent: true,
  },
  "retries left, patience spent": {
    failures: 2,
    retriesUsed: 1,
    maxRetries: 2,
    patienceEndsAt: NOW + 100,
    maxRetryAfterMs: 60_000,
    idempotent: true,
  },
  "patience left, retries spent": {
    failures: 2,
    retriesUsed: 2,
    maxRetries: 2,
    patienceEndsAt: NOW + 60_000,
    maxRetryAfterMs: 60_000,
    idempotent: true,
  },
  "no patience, retries spent": {
    failures: 2,
    retriesUsed: 2,
    maxRetries: 2,
    patienceEndsAt: 0,
    maxRetryAfterMs: 60_000,
    idempotent: true,
  },
  "retries and patience left, not idempotent (a POST)": {
    failures: 2,
    retriesUsed: 1,
    maxRetries: 2,
    patienceEndsAt: NOW + 60_000,
    maxRetryAfterMs: 60_000,
    idempotent: false,
  },
};

type Expected = "throw" | `retry ${"patience" | "retries"} ${number}`;

/** What follows, per budget state in BUDGETS' order. Waits: Retry-After; a throttled call refused twice waits at least backoff(1) = 200 ms; others back off by retries spent, backoff(1) = 200 ms. */
const EXPECTED: Record<keyof typeof OUTCOMES, [Expected, Expected, Expected, Expected, Expected]> = {
  "2xx, not the expected answer": ["throw", "throw", "throw", "throw", "throw"],
  "302 redirect": ["throw", "throw", "throw", "throw", "throw"],
  "400": ["throw", "throw", "throw", "throw", "throw"],
  "401": ["throw", "throw", "throw", "throw", "throw"],
  "404": ["throw", "throw", "throw", "throw", "throw"],
  "408": ["retry retries 200", "retry retries 200", "throw", "throw", "throw"],
  "429 with Retry-After: 1": [
    "retry patience 1000",
    "retry retries 1000",
    "retry patience 1000",
    "throw",
    "retry patience 1000",
  ],
  "429 without Retry-After": [
    "retry patience 200",
    "retry retries 200",
    "retry patience 200",
    "throw",
    "retry patience 200",
  ],
  "500": ["retry retries 200", "retry retries 200", "throw", "throw", "throw"],
  "502": ["retry retries 200", "retry retries 200", "throw", "throw", "throw"],
  "503 with Retry-After: 1": [
    "retry patience 1000",
    "retry retries 1000",
    "retry patience 1000",
    "throw",
    "retry patience 1000",
  ],
  "503 without Retry-After": [
    "retry patience 200",
    "retry retries 200",
    "retry patience 200",
    "throw",
    "retry patience 200",
  ],
  "504": ["retry retries 200", "retry retries 200", "throw", "throw", "throw"],
  "connection error": ["retry retries 200", "retry retries 200", "throw", "throw", "throw"],
  timeout: ["retry retries 200", "retry retries 200", "throw", "throw", "throw"],
  "429 with a Retry-After beyond maxRetryAfterMs": ["throw", "throw", "throw", "throw", "throw"],
  "a value that is not a TrackfinityError": ["throw", "throw", "throw", "throw", "throw"],
};

function summary({ next }: Decision): Expected {
  if (next.action === "retry") return `retry ${next.budget} ${next.afterMs}`;
  if (next.action === "throw") return "throw";
  throw new Error(`unexpected ${next.action}`);
}

describe("what follows an attempt: one decision, from its outcome, the call's budgets and the time", () => {
  it("returns an answer, teaches the pacer `served`, and waits for nothing, whatever the budgets", () => {
    for (const budget of Object.values(BUDGETS)) {
      expect(decideAfterAttempt({ ok: true }, budget, NOW, backoff)).toEqual({
        next: { action: "return" },
        signal: "served",
        waitMs: 0,
      });
    }
  });

  const cases = Object.entries(OUTCOMES).flatMap(([outcome, { error, signal }]) =>
    Object.keys(BUDGETS).map((budget, i) => ({
      outcome,
      budget,
      error,
      signal,
      expected: EXPECTED[outcome as keyof typeof OUTCOMES][i] as Expected,
    })),
  );

  it.each(cases)("$outcome, $budget: $expected", ({ error, budget, signal, expected }) => {
    const decision = decideAfterAttempt({ ok: false, error }, BUDGETS[budget] as CallBudget, NOW, backoff);
    expect(summary(decision)).toBe(expected);
    expect(decision.signal).toBe(signal);
    if (decision.next.action === "throw") expect(decision.next.error).toBe(error);
  });

  it("tells the pacer the wait that follows a refusal even when the call gives up, so other calls keep to it", () => {
    const decision = decideAfterAttempt(
      { ok: false, error: answer(429, 90_000) },
      BUDGETS["retries and patience left"] as CallBudget,
      NOW,
      backoff,
    );
    expect(decision).toMatchObject({ next: { action: "throw" }, signal: "slowDown", waitMs: 90_000 });
  });

  it("waits the server's Retry-After on its first refusal of a call, even 0", () => {
    const first = { ...(BUDGETS["retries and patience left"] as CallBudget), failures: 1 };
    expect(decideAfterAttempt({ ok: false, error: answer(503, 0) }, first, NOW, backoff).next).toEqual({
      action: "retry",
      afterMs: 0,
      budget: "patience",
    });
  });

  it("backs off at least exponentially once the server refused the call before: no tight loop on Retry-After: 0", () => {
    const third = { ...(BUDGETS["retries and patience left"] as CallBudget), failures: 3 };
    expect(decideAfterAttempt({ ok: false, error: answer(429, 0) }, third, NOW, backoff).waitMs).toBe(400);
    expect(decideAfterAttempt({ ok: false, error: answer(429, 1_000) }, third, NOW, backoff).waitMs).toBe(
      1_000,
    );
  });

  it("backs off a server failure by the retries spent, not by the refusals before them", () => {
    const afterThrottling = {
      ...(BUDGETS["retries and patience left"] as CallBudget),
      failures: 5,
      retriesUsed: 0,
    };
    expect(decideAfterAttempt({ ok: false, error: answer(500) }, afterThrottling, NOW, backoff).waitMs).toBe(
      100,
    );
  });

  it("charges a throttled call to its patience only while the whole wait fits in it", () => {
    const budget = { ...(BUDGETS["retries and patience left"] as CallBudget), patienceEndsAt: NOW + 1_000 };
    expect(summary(decideAfterAttempt({ ok: false, error: answer(429, 1_000) }, budget, NOW, backoff))).toBe(
      "retry patience 1000",
    );
    expect(
      summary(decideAfterAttempt({ ok: false, error: answer(429, 1_000) }, budget, NOW + 1, backoff)),
    ).toBe("retry retries 1000");
  });
});
