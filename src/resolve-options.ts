import { describeThrown } from "./describe-thrown.js";
import { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
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

type Read = (field: string) => unknown;
type Check = (field: string, problem: unknown) => void;
type NumberCheck = <F extends number | undefined>(
  field: string,
  fallback: F,
  min: number,
  whole?: boolean,
) => number | F;

/**
 * Reads options through `read`, collecting every problem so that one error names them all.
 * A getter or Proxy trap that throws becomes an issue on the field being read.
 */
function checkOptions<T>(options: unknown, build: (read: Read, check: Check, number: NumberCheck) => T): T {
  const issues: ValidationIssue[] = [];
  const check: Check = (field, problem) => problem && issues.push({ field, message: String(problem) });
  let field = "options";
  const read: Read = (name) => {
    field = name;
    return (options as Record<string, unknown> | undefined)?.[name];
  };
  const number: NumberCheck = (name, fallback, min, whole = true) => {
    const value = (read(name) ?? fallback) as number;
    const ok =
      value === undefined ||
      ((whole ? Number.isInteger(value) : typeof value === "number") && value >= min && value < 2 ** 31);
    check(name, !ok && `expected a ${whole ? "whole " : ""}number from ${min} to 2^31-1`);
    return value;
  };
  let resolved: T | undefined;
  try {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError("expected an object");
    }
    resolved = build(read, check, number);
  } catch (error) {
    check(field, describeThrown(error));
  }
  if (issues.length) throw new TrackfinityValidationError(issues);
  return resolved as T;
}

/** Applies defaults (environment variables included) and checks every client option. */
export function resolveOptions(options: TrackfinityClientOptions | undefined): ResolvedOptions {
  return checkOptions(options, (read, check, number) => {
    const typed = <V>(field: string, type: string): V | undefined => {
      const value = read(field);
      check(
        field,
        value !== undefined && (typeof value !== type || value === null) && `must be of type ${type}`,
      );
      return value as V | undefined;
    };
    const header = (field: string, envName: string): string => {
      const value = read(field) ?? env(envName);
      check(
        field,
        !(typeof value === "string" && HEADER_SAFE.test(value)) &&
          (value
            ? "must be printable ASCII, no CR/LF or edge spaces"
            : `missing; pass it, or set ${envName}`),
      );
      return String(value);
    };
    const logger = (value: TrackfinityLogger | undefined) => {
      const methods = [value?.debug, value?.warn];
      check(
        "logger",
        methods.some((m) => m !== undefined && typeof m !== "function") && "debug and warn must be functions",
      );
      return value;
    };
    const g = globalThis as { window?: { document?: unknown } };
    const allowBrowser = typed("dangerouslyAllowBrowser", "boolean");
    check(
      "dangerouslyAllowBrowser",
      g.window?.document !== undefined &&
        allowBrowser !== true &&
        "refused in a browser, where it exposes the admin key",
    );
    const url = baseUrlProblem(
      read("baseUrl") ?? env("TRACKFINITY_BASE_URL"),
      typed("allowInsecureHttp", "boolean"),
    );
    check("baseUrl", typeof url === "string" && url);
    return {
      baseUrl: String(url).replace(/\/+$/, ""),
      headers: {
        "api-key": header("apiKey", "TRACKFINITY_API_KEY"),
        "api-username": header("apiUsername", "TRACKFINITY_API_USERNAME"),
      },
      timeoutMs: number("timeoutMs", 30_000, 1),
      maxRetries: number("maxRetries", 2, 0),
      maxRetryAfterMs: number("maxRetryAfterMs", 60_000, 0),
      patienceMs: number("patienceMs", 120_000, 0),
      maxConcurrency: number("maxConcurrency", 8, 1),
      adaptiveConcurrency: typed<boolean>("adaptiveConcurrency", "boolean") ?? true,
      maxRatePerSecond: number("maxRatePerSecond", undefined, 0.01, false),
      fetch: typed<ResolvedOptions["fetch"]>("fetch", "function"),
      logger: logger(typed<TrackfinityLogger>("logger", "object")),
    };
  });
}

/** Checks one call's options, falling back to the client's. */
export function resolveCallOptions(
  options: CallOptions | undefined,
  client: ResolvedOptions,
): ResolvedOptions {
  return checkOptions(options, (read, check, number) => {
    // `instanceof` alone passes Object.create(AbortSignal.prototype), whose `aborted` throws.
    const abortSignal = (field: string) => {
      const signal = read(field);
      check(
        field,
        signal !== undefined &&
          !(signal instanceof AbortSignal && typeof signal.aborted === "boolean") &&
          "expected an AbortSignal",
      );
      return signal as AbortSignal | undefined;
    };
    return {
      ...client,
      signal: abortSignal("signal"),
      stopSignal: abortSignal("stopSignal"),
      timeoutMs: number("timeoutMs", client.timeoutMs, 1),
      maxRetries: number("maxRetries", client.maxRetries, 0),
      patienceMs: number("patienceMs", client.patienceMs, 0),
    };
  });
}
