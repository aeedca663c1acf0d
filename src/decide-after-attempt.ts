import { meaningOfStatus } from "./errors/error-kind.js";
import { TrackfinityError } from "./errors/trackfinity-error.js";
import { TrackfinityConnectionError } from "./errors/transport-errors.js";
import type { PacingSignal } from "./pacing.js";
import { backoffDelay } from "./retry-policy.js";

/** How an attempt ended: with the operation's answer, or with what it threw. */
export type AttemptResult = { ok: true } | { ok: false; error: unknown };

/** What a call has spent of its budgets, and what it may spend. */
export interface CallBudget {
  /** The call's failed attempts so far, the one just made included. */
  failures: number;
  /** Retries charged to `maxRetries` so far. */
  retriesUsed: number;
  maxRetries: number;
  /** When the call's patience ends (epoch ms); 0 for no patience. */
  patienceEndsAt: number;
  /** The longest `Retry-After` the call waits for; a longer one fails the call at once. */
  maxRetryAfterMs: number;
  /**
   * Whether the operation may be sent twice to the same effect. One that may not (a POST: a void, a
   * chargeback) is tried again only when the install refused it unprocessed (429, 503): after a
   * timeout, a 5xx or a broken connection it may have been applied.
   */
  idempotent: boolean;
}

/** What the call does next. */
export type NextStep =
  | { action: "return" }
  | { action: "throw"; error: unknown }
  /** Try again after `afterMs`, charged to the call's patience or to its retries. */
  | { action: "retry"; afterMs: number; budget: "patience" | "retries" };

/** What follows an attempt: for the call, and for the pacer. */
export interface Decision {
  next: NextStep;
  /** What the pacer learns about the server's load. */
  signal: PacingSignal;
  /** The wait that follows the attempt, in ms (0 after an answer): the pacer keeps to it while the install is down. */
  waitMs: number;
}

/** The failure's fields the decision reads; a value that is not a TrackfinityError has none of them. */
interface FailureFacts {
  kind?: TrackfinityError["kind"];
  status?: number;
  retryAfterMs?: number;
}

/** What a failure tells the pacer: an answer's status says it, a connection error says the install is down. */
function signalOf(error: unknown, { status }: FailureFacts): PacingSignal {
  if (error instanceof TrackfinityConnectionError) return "unreachable";
  if (typeof status === "number") return meaningOfStatus(status).pacing;
  return "none";
}

/**
 * The wait before another attempt. Throttled (429, 503): the server's `Retry-After`, with a backoff
 * as a floor once it refused this call before (no tight loop on `Retry-After: 0`), or a backoff when
 * it asked for no wait. Anything else: `Retry-After`, or a backoff by the retries spent.
 */
function waitAfter(facts: FailureFacts, budget: CallBudget, backoff: (retry: number) => number): number {
  const { kind, retryAfterMs } = facts;
  if (kind !== "throttled") return retryAfterMs ?? backoff(budget.retriesUsed);
  if (retryAfterMs === undefined) return backoff(budget.failures - 1);
  if (budget.failures > 1) return Math.max(retryAfterMs, backoff(budget.failures - 1));
  return retryAfterMs;
}

/**
 * Decides what follows an attempt, the one place that does: return its answer, throw its failure,
 * or try again after a wait charged to the call's patience (429 and 503 while patience lasts) or to
 * its retries (connection errors, timeouts, 408, 5xx, and throttled calls out of patience). Only
 * `throttled` and `unavailable` failures are tried again, `unavailable` ones only for an idempotent
 * operation, and never when the server asked for a longer wait than `maxRetryAfterMs`. Pure: the
 * time and the backoff come in as arguments.
 *
 * @param now the time the attempt ended (epoch ms)
 * @param backoff the backoff before a retry, by count (jittered by default)
 */
export function decideAfterAttempt(
  result: AttemptResult,
  budget: CallBudget,
  now: number,
  backoff: (retry: number) => number = backoffDelay,
): Decision {
  if (result.ok) return { next: { action: "return" }, signal: "served", waitMs: 0 };
  const { error } = result;
  const facts: FailureFacts = error instanceof TrackfinityError ? (error as FailureFacts) : {};
  const signal = signalOf(error, facts);
  const waitMs = facts.kind ? waitAfter(facts, budget, backoff) : 0;
  const fail: Decision = { next: { action: "throw", error }, signal, waitMs };

  if (facts.kind !== "throttled" && facts.kind !== "unavailable") return fail;
  if (facts.kind === "unavailable" && !budget.idempotent) return fail;
  if (facts.retryAfterMs !== undefined && facts.retryAfterMs > budget.maxRetryAfterMs) return fail;
  if (facts.kind === "throttled" && now + waitMs <= budget.patienceEndsAt) {
    return { next: { action: "retry", afterMs: waitMs, budget: "patience" }, signal, waitMs };
  }
  if (budget.retriesUsed < budget.maxRetries) {
    return { next: { action: "retry", afterMs: waitMs, budget: "retries" }, signal, waitMs };
  }
  return fail;
}
