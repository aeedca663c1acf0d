import {
  createTrackfinityClient,
  type TrackfinityClient,
  type TrackfinityClientOptions,
  type TrackfinityLogger,
  TrackfinityValidationError,
} from "../index.js";
import type { Flags } from "./args.js";

const FLAG_FOR_OPTION: Record<string, string> = {
  baseUrl: "--base-url",
  apiKey: "--api-key",
  apiUsername: "--api-username",
  timeoutMs: "--timeout-ms",
  maxRetries: "--max-retries",
  allowInsecureHttp: "--allow-insecure-http",
};
const OPTION_NAMES = new RegExp(`\\b(${Object.keys(FLAG_FOR_OPTION).join("|")})\\b(: true)?`, "g");

/** The client options the flags ask for; anything not given falls back to the TRACKFINITY_* environment. */
export function clientOptionsFrom(
  flags: Flags,
  logger: TrackfinityLogger | undefined,
): TrackfinityClientOptions {
  const options: TrackfinityClientOptions = {};
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

/** Rewords the client's option problems in terms of the CLI's flags (`baseUrl` → `--base-url`). */
export function rewordOptionIssues(error: TrackfinityValidationError): TrackfinityValidationError {
  const flag = (text: string) =>
    text
      .replace("set allowInsecureHttp: true", "pass --allow-insecure-http")
      .replace(OPTION_NAMES, (_match, name: string) => FLAG_FOR_OPTION[name] ?? name);
  return new TrackfinityValidationError(
    error.issues.map((issue) => ({ field: flag(issue.field), message: flag(issue.message) })),
  );
}

/** Creates the client, with option problems reported as CLI flags. */
export function createClientFromFlags(options: TrackfinityClientOptions): TrackfinityClient {
  try {
    return createTrackfinityClient(options);
  } catch (error) {
    throw error instanceof TrackfinityValidationError ? rewordOptionIssues(error) : error;
  }
}
