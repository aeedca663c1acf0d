import { checkFields, type Problem, type Read } from "./check-fields.js";
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

function baseUrlProblem(value: unknown, allowInsecureHttp: unknown): string | URL {
  if (typeof value !== "string" || !URL.canParse(value)) {
    return value ? "is not an absolute URL" : "missing; pass it, or set TRACKFINITY_BASE_URL";
  }
  const url = new URL(value);
  return !/^https?:$/.test(url.protocol)
    ? "must be https:"
    : url.username || url.password
      ? "must not contain user:password@"
      : /[?#]/.test(value)
        ? "must not have a query or fragment"
        : url.protocol === "http:" && !LOOPBACK.test(url.hostname) && allowInsecureHttp !== true
          ? "http: sends the key in clear; use https: or allowInsecureHttp"
          : url;
}

/** An option set to anything but a `type` (`null` included). */
const ofType =
  (type: string) =>
  (value: unknown): Problem =>
    value !== undefined && (typeof value !== type || value === null) && `must be of type ${type}`;

/** A number option that is not a number from `min` to 2^31-1 (a whole one unless `whole` is false). */
const numberFrom =
  (min: number, whole = true) =>
  (value: unknown): Problem =>
    value != null &&
    !(
      (whole ? Number.isInteger(value) : typeof value === "number") &&
      (value as number) >= min &&
      (value as number) < 2 ** 31
    ) &&
    `expected a ${whole ? "whole " : ""}number from ${min} to 2^31-1`;

/** A logger that is not an object, or whose `debug` or `warn` is set to anything but a function. */
const notLogger = (value: unknown): Problem => {
  const logger = value as TrackfinityLogger | undefined;
  return (
    ofType("object")(value) ||
    ([logger?.debug, logger?.warn].some((m) => m !== undefined && typeof m !== "function") &&
      "debug and warn must be functions")
  );
};

/** Reads a whole-number option of at least `min`; `null` and `undefined` take `fallback`. */
const number = (read: Read, field: string, fallback: number, min: number): number =>
  (read(field, numberFrom(min)) as number | null | undefined) ?? fallback;

/** Applies defaults (environment variables included) and checks every client option. */
export function resolveOptions(options: TrackfinityClientOptions | undefined): ResolvedOptions {
  return checkFields(options === undefined ? {} : options, "options", (read, report) => {
    const header = (field: string, envName: string): string => {
      const value = read(field) ?? env(envName);
      report(
        field,
        !(typeof value === "string" && HEADER_SAFE.test(value)) &&
          (value
            ? "must be printable ASCII, no CR/LF or edge spaces"
            : `missing; pass it, or set ${envName}`),
      );
      return String(value);
    };
    const allowBrowser = read("dangerouslyAllowBrowser", ofType("boolean"));
    report(
      "dangerouslyAllowBrowser",
      (globalThis as { window?: { document?: unknown } }).window?.document !== undefined &&
        allowBrowser !== true &&
        "refused in a browser, where it exposes the admin key",
    );
    const url = baseUrlProblem(
      read("baseUrl") ?? env("TRACKFINITY_BASE_URL"),
      read("allowInsecureHttp", ofType("boolean")),
    );
    report("baseUrl", typeof url === "string" && url);
    return {
      baseUrl: String(url).replace(/\/+$/, ""),
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
const notSignal = (value: unknown): Problem =>
  value !== undefined &&
  !(value instanceof AbortSignal && typeof value.aborted === "boolean") &&
  "expected an AbortSignal";

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
