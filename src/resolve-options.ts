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
  /** The caller's fetch; undefined for the global one. */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  logger: TrackfinityLogger | undefined;
  signal?: AbortSignal | undefined;
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
type WholeNumber = (field: string, fallback: number, min: number) => number;

/**
 * Reads options through `read`, collecting every problem so that one error names them all.
 * A getter or Proxy trap that throws becomes an issue on the field being read.
 */
function checkOptions<T>(options: unknown, build: (read: Read, check: Check, whole: WholeNumber) => T): T {
  const issues: ValidationIssue[] = [];
  const check: Check = (field, problem) => problem && issues.push({ field, message: String(problem) });
  let field = "options";
  const read: Read = (name) => {
    field = name;
    return (options as Record<string, unknown> | undefined)?.[name];
  };
  const whole: WholeNumber = (name, fallback, min) => {
    const value = read(name) ?? fallback;
    const ok = Number.isInteger(value) && (value as number) >= min && (value as number) < 2 ** 31;
    check(name, !ok && `expected a whole number from ${min} to 2^31-1`);
    return value as number;
  };
  let resolved: T | undefined;
  try {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError("expected an object");
    }
    resolved = build(read, check, whole);
  } catch (error) {
    check(field, describeThrown(error));
  }
  if (issues.length) throw new TrackfinityValidationError(issues);
  return resolved as T;
}

/** Applies defaults (environment variables included) and checks every client option. */
export function resolveOptions(options: TrackfinityClientOptions | undefined): ResolvedOptions {
  return checkOptions(options, (read, check, whole) => {
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
      timeoutMs: whole("timeoutMs", 30_000, 1),
      maxRetries: whole("maxRetries", 2, 0),
      maxRetryAfterMs: whole("maxRetryAfterMs", 60_000, 0),
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
  return checkOptions(options, (read, check, whole) => {
    const signal = read("signal");
    // `instanceof` alone passes Object.create(AbortSignal.prototype), whose `aborted` throws.
    const real = signal instanceof AbortSignal && typeof signal.aborted === "boolean";
    check("signal", signal !== undefined && !real && "expected an AbortSignal");
    return {
      ...client,
      signal: signal as AbortSignal | undefined,
      timeoutMs: whole("timeoutMs", client.timeoutMs, 1),
      maxRetries: whole("maxRetries", client.maxRetries, 0),
    };
  });
}
