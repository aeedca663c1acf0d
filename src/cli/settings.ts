import { OPERATIONS } from "../generated/operation-data.js";
import {
  type CallOptions,
  createTrackfinityClient,
  type OperationId,
  type ReportPage,
  type TrackfinityClient,
  type TrackfinityClientOptions,
  type TrackfinityLogger,
  TrackfinityValidationError,
} from "../index.js";
import type { Flags } from "./args.js";
import { BULK_CONCURRENCY, BULK_PATIENCE_MS } from "./commands.js";
import { InvalidInputError } from "./errors.js";
import { issueFor } from "./issue-text.js";
import type { Output } from "./output.js";

/** What every command gets from the entry point. */
export interface RunContext {
  output: Output;
  /** `--verbose`: the client's attempt and retry lines, on stderr. */
  logger: TrackfinityLogger | undefined;
  /** Fires on the first Ctrl-C or SIGTERM. */
  signal: AbortSignal;
  /** Fires on a second Ctrl-C: abandon what is in flight. */
  hardSignal: AbortSignal;
}

/**
 * The client options the flags ask for; anything not given falls back to the TRACKFINITY_* environment.
 * A bulk run's `--concurrency` is the client's in-flight cap, and its patience defaults to {@link BULK_PATIENCE_MS}.
 */
export function clientOptionsFrom(
  flags: Flags,
  logger: TrackfinityLogger | undefined,
  bulk = false,
): TrackfinityClientOptions {
  const options: TrackfinityClientOptions = {};
  const patienceMs = flags.duration("patience", bulk ? BULK_PATIENCE_MS : undefined);
  if (patienceMs !== undefined) options.patienceMs = patienceMs;
  if (bulk) {
    options.maxConcurrency = flags.integer("concurrency", 1, 64, BULK_CONCURRENCY) ?? BULK_CONCURRENCY;
    const rate = flags.positive("rate", 10_000);
    if (rate !== undefined) options.maxRatePerSecond = rate;
    if (flags.boolean("ignore-latency")) options.adaptToLatency = false;
  }
  const baseUrl = flags.string("base-url");
  const apiKey = flags.string("api-key");
  const apiUsername = flags.string("api-username");
  const timeoutMs = flags.integer("timeout-ms", 1, 2_147_483_647, undefined);
  const maxRetries = flags.integer("max-retries", 0, 100, undefined);
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  if (apiKey !== undefined) options.apiKey = apiKey;
  if (apiUsername !== undefined) options.apiUsername = apiUsername;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) options.maxRetries = maxRetries;
  if (flags.boolean("allow-insecure-http")) options.allowInsecureHttp = true;
  if (logger) options.logger = logger;
  return options;
}

/** Creates the client; throws {@link InvalidInputError} naming option problems as CLI flags. */
export function createClientFromFlags(options: TrackfinityClientOptions): TrackfinityClient {
  try {
    return createTrackfinityClient(options);
  } catch (error) {
    if (!(error instanceof TrackfinityValidationError)) throw error;
    throw new InvalidInputError(error.problems.map((problem) => issueFor(problem, { kind: "options" })));
  }
}

/**
 * Calls an operation by its id, as the CLI holds operations as data: the client's method of that
 * name, with `params` for an operation that has a body.
 */
export function callOperation(
  client: TrackfinityClient,
  id: OperationId,
  params: unknown,
  options: CallOptions,
): Promise<unknown> {
  const method = client[id] as (...args: unknown[]) => Promise<unknown>;
  return OPERATIONS[id].input === "none" ? method(options) : method(params, options);
}

/**
 * Reads every page of a paged report by its operation id: the client's `…Pages` method of that
 * operation (see `isPaged`).
 */
export function pagesOf(
  client: TrackfinityClient,
  id: OperationId,
  params: unknown,
  options: CallOptions,
): AsyncIterable<ReportPage> {
  const method = (client as unknown as Record<string, unknown>)[`${id}Pages`];
  if (typeof method !== "function") throw new TypeError(`${id} is not a paged report`);
  return method(params, options) as AsyncIterable<ReportPage>;
}
