import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { Clock } from "./clock.js";
import {
  type ResponseDetails,
  TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
} from "./errors/api-errors.js";
import { TrackfinityRefusalError } from "./errors/refusal-error.js";
import { TrackfinityError } from "./errors/trackfinity-error.js";
import { TrackfinityConnectionError, TrackfinityTimeoutError } from "./errors/transport-errors.js";
import type { paths } from "./generated/openapi.js";
import { OPERATIONS, type OperationId, SECRET_FIELDS } from "./generated/operation-data.js";
import { REQUESTS } from "./generated/operation-requests.js";
import { judgeAnswer } from "./judge-answer.js";
import type { OperationData } from "./operation-shape.js";
import type { WireBody, WireQuery } from "./params.js";
import { type Body, readCappedBody } from "./read-capped-body.js";
import { type Redaction, redactionOf } from "./redact.js";
import type { ResolvedOptions } from "./resolve-options.js";
import { parseRetryAfter } from "./retry-policy.js";

type Fetch = (request: Request) => Promise<Response>;

/** The openapi-fetch options every request shares. */
export interface SendInit {
  /** The client reads the body itself, capped and under the attempt's timeout. */
  parseAs: "stream";
  /** Credentials stay with baseUrl's origin: a redirect is an answer, never followed. */
  redirect: "manual";
  signal: AbortSignal | null;
  headers: Record<string, string>;
  /** The form body, encoded before the attempt: fetchAsInit sends the same string. */
  bodySerializer: () => string | undefined;
  /** The query, encoded before the attempt as PHP reads it (`params[period]=5`). */
  querySerializer: () => string;
  fetch: Fetch;
  /** Reads a non-2xx answer for the operation called (see `createSender`). */
  middleware: Middleware[];
}

/** An operation's checked params, typed as the spec's body or query for openapi-fetch. */
export interface Wire<Id extends OperationId> {
  body: WireBody<Id>;
  query: WireQuery<Id>;
}

/** One openapi-fetch call per operation (generated), each typed by the spec's paths. */
export type Requests = {
  [Id in OperationId]: (
    api: Client<paths>,
    wire: Wire<Id>,
    init: SendInit,
  ) => Promise<{ response: Response }>;
};

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/**
 * The global fetch, handed the request as (url, init) with the body as a string. On Node 20,
 * `fetch(request)` pipes the Request's body through a TransformStream, and a signal on a Request
 * costs a listener and a finalizer: docs/performance.md (section 1 and 2) measures both.
 */
function fetchAsInit(body: string | undefined, signal: AbortSignal): Fetch {
  return (request) =>
    globalThis.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: body ?? null,
      signal,
      redirect: "manual",
    });
}

/**
 * Sends one attempt of any operation through openapi-fetch, under `timeoutMs`, and returns the
 * answer its data asks for (see `judge-answer.ts`), judged on the text the server sent, never on a
 * redacted copy. A 2xx failure envelope throws {@link TrackfinityRefusalError}; a 2xx with anything
 * else the operation does not answer throws {@link TrackfinityUnexpectedResponseError}; a non-2xx
 * answer throws {@link TrackfinityApiError}; a failure to connect throws
 * {@link TrackfinityConnectionError} or {@link TrackfinityTimeoutError}.
 */
export function createSender(config: ResolvedOptions, clock: Clock) {
  const api = createClient<paths>({ baseUrl: config.baseUrl, headers: config.headers });
  const key = config.headers["api-key"];

  /** The key and each secret field a call sends (`format: password`): what its errors redact. */
  const secretsOf = (id: OperationId, params: unknown): Redaction =>
    redactionOf([
      key,
      ...(SECRET_FIELDS[id] as readonly string[]).map((field) => secretValue(params, field)),
    ]);

  /** The copy of an answer an error keeps, redacted: made only when an error needs one. */
  function keep(
    method: string,
    url: string,
    response: Response,
    read: Body,
    secrets: Redaction,
  ): ResponseDetails {
    const { redact, longest } = secrets;
    const headers = new Headers();
    for (const [name, value] of response.headers) headers.append(name, redact(value));
    // A body cut at the cap may end in part of a secret, which no redaction finds: cut that much more.
    const redacted = redact(read.text);
    const body = read.truncated ? redacted.slice(0, Math.max(0, redacted.length - longest)) : redacted;
    return { method, url, status: response.status, body, headers };
  }

  /**
   * Throws a non-2xx answer as a {@link TrackfinityApiError}, read in openapi-fetch's `onResponse`,
   * capped, so an error page of any size is never buffered whole. One per attempt: the error's
   * advice reads the operation called, and its copy of the answer redacts the call's secrets.
   */
  const readFailure = (op: OperationData, secrets: () => Redaction): Middleware => ({
    async onResponse({ request, response }) {
      if (response.ok) return undefined;
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), clock.now());
      const read = await readCappedBody(response);
      const details = keep(request.method, request.url, response, read, secrets());
      throw new TrackfinityApiError(details, retryAfterMs, op);
    },
  });

  /**
   * `url` is the operation's, under baseUrl, as the call names it in its errors and log lines;
   * `params` the checked params and `encoded` their form body or query, as `encodeParams` wrote it.
   */
  return async function send<Id extends OperationId>(
    id: Id,
    url: string,
    params: unknown,
    encoded: string,
    { signal, timeoutMs, fetch }: ResolvedOptions,
  ): Promise<unknown> {
    const op = OPERATIONS[id];
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = clock.setTimeout(abort, timeoutMs);
    signal?.addEventListener("abort", abort);
    const form = op.input === "form" ? encoded : undefined;
    const secrets = () => secretsOf(id, params);
    try {
      // The caller may have aborted while the call waited for its turn: its listener would not fire.
      signal?.throwIfAborted();
      const { response } = await REQUESTS[id](api, { body: params, query: params } as Wire<Id>, {
        parseAs: "stream",
        redirect: "manual",
        // Only a caller's fetch needs the signal on the Request; the global one gets it in fetchAsInit.
        signal: fetch ? controller.signal : null,
        headers: form ? FORM : {},
        bodySerializer: () => form,
        querySerializer: () => (op.input === "query" ? encoded : ""),
        fetch: fetch ?? fetchAsInit(form, controller.signal),
        middleware: [readFailure(op, secrets)],
      });
      const read = await readCappedBody(response);
      let verdict: ReturnType<typeof judgeAnswer>;
      try {
        verdict = judgeAnswer(op.answer, JSON.parse(read.text));
      } catch {}
      if (verdict && "answer" in verdict) return verdict.answer;
      const redaction = secrets();
      const details = keep(op.method, url, response, read, redaction);
      if (verdict) throw new TrackfinityRefusalError(details, redaction.redact(verdict.refusal));
      throw new TrackfinityUnexpectedResponseError(details, expectedAnswer(op.answer, read.truncated));
    } catch (error) {
      if (error instanceof TrackfinityError) throw error;
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted) throw new TrackfinityTimeoutError(url, timeoutMs);
      throw new TrackfinityConnectionError(url, error);
    } finally {
      clock.clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  };
}

/** The value of a secret field in a call's params, if it sent one as text. */
function secretValue(params: unknown, field: string): string | undefined {
  const value = (params as Record<string, unknown> | undefined)?.[field];
  return typeof value === "string" ? value : undefined;
}

/** What a Trackfinity install answers instead, in words for an unexpected answer's message. */
function expectedAnswer(rule: (typeof OPERATIONS)[OperationId]["answer"], truncated: boolean): string {
  const expected = { true: "the JSON value true", json: "JSON", envelope: "its JSON answer" }[rule.type];
  return truncated ? `${expected}, not an answer over 64 KiB` : expected;
}
