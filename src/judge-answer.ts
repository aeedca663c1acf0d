import type { AnswerRule } from "./operation-shape.js";

/** What a 2xx body says: an answer to resolve to, the vendor's refusal, or neither (unexpected). */
export type Verdict = { answer: unknown } | { refusal: string } | undefined;

/** The vendor's envelopes are told apart by one text field's pattern; compiled once per pattern. */
const patterns = new Map<string, RegExp>();
function matches(pattern: string, value: unknown): boolean {
  if (typeof value !== "string") return false;
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled.test(value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A success envelope's answer: its answer field, through its booleans when it has them. */
function successAnswer(
  rule: Extract<AnswerRule, { type: "envelope" }>,
  body: Record<string, unknown>,
): Verdict {
  const { success } = rule;
  if (!success) return undefined;
  if (!(success.answer in body)) return success.answerRequired ? undefined : { answer: undefined };
  const carried = body[success.answer];
  if (!("booleans" in success)) return { answer: carried };
  const booleans: Readonly<Record<string, boolean>> = success.booleans;
  return typeof carried === "string" && Object.hasOwn(booleans, carried)
    ? { answer: booleans[carried] }
    : undefined;
}

/**
 * Judges a parsed 2xx body by its operation's rule: `true` only the JSON value true; `json` any JSON;
 * `envelope` the vendor's envelopes, where a failure envelope is a refusal although the status is
 * 2xx, a success envelope resolves to its answer field, and a bare array or object to itself where
 * the spec allows one. Anything else is undefined: not an answer this operation gives.
 */
export function judgeAnswer(rule: AnswerRule, body: unknown): Verdict {
  if (rule.type === "json") return { answer: body };
  if (rule.type === "true") return body === true ? { answer: true } : undefined;
  const { failure } = rule;
  const outcome = isObject(body) ? body[failure.field] : undefined;
  if (isObject(body) && matches(failure.pattern, outcome)) {
    const reason = body[failure.answer];
    return { refusal: typeof reason === "string" ? reason : JSON.stringify(reason ?? null) };
  }
  if (isObject(body) && rule.success && matches(rule.success.pattern, outcome))
    return successAnswer(rule, body);
  if (rule.bare && typeof body === "object" && body !== null && !(isObject(body) && failure.field in body)) {
    return { answer: body };
  }
  return undefined;
}
