import { type Broken, checkFields, type Read } from "./check-fields.js";
import type { ValidationRule } from "./errors/validation-problem.js";
import type { CallOptions, TrackfinityClientOptions, TrackfinityLogger } from "./options.js";

/** Options after defaults and checks: everything a call needs. */
export interface ResolvedOptions {
  baseUrl: string;
  headers: { "api-key": string; "api-username": string };
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfterMs: number;
  patienceMs: number;
  maxConcurrency: number;
  adaptiveConcurrency: boolean;
  adaptToLatency: boolean;
  maxRatePerSecond: number | undefined;
  /** The caller's fetch; undefined for the global one. */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  logger: TrackfinityLogger | undefined;
  signal?: AbortSignal | undefined;
  stopSignal?: AbortSignal | undefined;
}

const HEADER_SAFE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** The URL `baseUrl` names, or the rule it breaks. */
function checkBaseUrl(value: unknown, allowInsecureHttp: unknown): URL | ValidationRule {
  if (typeof value !== "string" || !URL.canParse(value)) {
    return value ? { code: "not_absolute_url" } : { code: "missing", env: "TRACKFINITY_BASE_URL" };
  }
  const url = new URL(value);
  if (!/^https?:$/.test(url.protocol)) return { code: "wrong_scheme" };
  if (url.username || url.password) return { code: "has_userinfo" };
  if (/[?#]/.test(value)) return { code: "has_query" };
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname) && allowInsecureHttp !== true) {
    return { code: "insecure_http" };
  }
  return url;
}

/** An option set to anything but a `type` (`null` included). */
const ofType =
  (type: string) =>
  (value: unknown): Broken =>
    value !== undefined && (typeof value !== type || value === null)
      ? { code: "option_type", type }
      : undefined;

/** A number option that is not a number from `min` to 2^31-1 (a whole one unless `whole` is false). */
const numberFrom =
  (min: number, whole = true) =>
  (value: unknown): Broken => {
    if (value == null) return undefined;
    const isNumber = whole ? Number.isInteger(value) : typeof value === "number";
    if (isNumber && (value as number) >= min && (value as number) < 2 ** 31) return undefined;
    return { code: "out_of_range", min, max: 2 ** 31 - 1, whole };
  };

/** A logger that is not an object, or whose `debug` or `warn` is set to anything but a function. */
const notLogger = (value: unknown): Broken => {
  const logger = value as TrackfinityLogger | undefined;
  const notObject = ofType("object")(value);
  if (notObject) return notObject;
  const methods = [logger?.debug, logger?.warn];
  return methods.some((m) => m !== undefined && typeof m !== "function")
    ? { code: "logger_methods" }
    : undefined;
};

/** Reads a whole-number option of at least `min`; `null` and `undefined` take `fallback`. */
const number = (read: Read, field: string, fallback: number, min: number): number =>
  (read(field, numberFrom(min)) as number | null | undefined) ?? fallback;

/** Applies defaults (environment variables included) and checks every client option. */
export function resolveOptions(options: TrackfinityClientOptions | undefined): ResolvedOptions {
  return checkFields(options === undefined ? {} : options, "options", (read, report) => {
    const header = (field: string, envName: string): string => {
      const value = read(field) ?? env(envName);
      if (!value) {
        report(field, { code: "missing", env: envName });
      } else if (!(typeof value === "string" && HEADER_SAFE.test(value))) {
        report(field, { code: "not_printable" });
      }
      return String(value);
    };
    const allowBrowser = read("dangerouslyAllowBrowser", ofType("boolean"));
    const inBrowser = (globalThis as { window?: { document?: unknown } }).window?.document !== undefined;
    if (inBrowser && allowBrowser !== true) report("dangerouslyAllowBrowser", { code: "in_browser" });
    const url = checkBaseUrl(
      read("baseUrl") ?? env("TRACKFINITY_BASE_URL"),
      read("allowInsecureHttp", ofType("boolean")),
    );
    if (!(url instanceof URL)) report("baseUrl", url);
    return {
      baseUrl: url instanceof URL ? url.href.replace(/\/+$/, "") : "",
      headers: {
        "api-key": header("apiKey", "TRACKFINITY_API_KEY"),
        "api-username": header("apiUsername", "TRACKFINITY_API_USERNAME"),
      },
      timeoutMs: number(read, "timeoutMs", 30_000, 1),
      maxRetries: number(read, "maxRetries", 2, 0),
      maxRetryAfterMs: number(read, "maxRetryAfterMs", 60_000, 0),
      patienceMs: number(read, "patienceMs", 120_000, 0),
      maxConcurrency: number(read, "maxConcurrency", 8, 1),
      adaptiveConcurrency: (read("adaptiveConcurrency", ofType("boolean")) as boolean | undefined) ?? true,
      adaptToLatency: (read("adaptToLatency", ofType("boolean")) as boolean | undefined) ?? true,
      maxRatePerSecond: read("maxRatePerSecond", numberFrom(0.01, false)) as number | undefined,
      fetch: read("fetch", ofType("function")) as ResolvedOptions["fetch"],
      logger: read("logger", notLogger) as TrackfinityLogger | undefined,
    };
  });
}

// `instanceof` alone passes Object.create(AbortSignal.prototype), whose `aborted` throws.
const notSignal = (value: unknown): Broken =>
  value === undefined || (value instanceof AbortSignal && typeof value.aborted === "boolean")
    ? undefined
    : { code: "wrong_type", expected: ["AbortSignal"] };

/** Checks one call's options, falling back to the client's. */
export function resolveCallOptions(
  options: CallOptions | undefined,
  client: ResolvedOptions,
): ResolvedOptions {
  // No call options: the client's own. Checking an empty object cost a tenth of a call (bench section 1).
  if (options === undefined) return client;
  return checkFields(options, "options", (read) => ({
    ...client,
    signal: read("signal", notSignal) as AbortSignal | undefined,
    stopSignal: read("stopSignal", notSignal) as AbortSignal | undefined,
    timeoutMs: number(read, "timeoutMs", client.timeoutMs, 1),
    maxRetries: number(read, "maxRetries", client.maxRetries, 0),
    patienceMs: number(read, "patienceMs", client.patienceMs, 0),
  }));
}
