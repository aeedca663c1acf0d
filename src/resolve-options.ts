import { TrackfinityValidationError, type ValidationIssue } from "./errors/validation-error.js";
import type { CallOptions, TrackfinityClientOptions, TrackfinityLogger } from "./options.js";

/** Options after defaults and checks: everything a call needs. */
export interface ResolvedOptions {
  baseUrl: string;
  headers: { "api-key": string; "api-username": string };
  secret: string;
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfterMs: number;
  fetch: (request: Request) => Promise<Response>;
  logger: TrackfinityLogger | undefined;
}

const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
const MAX_TIMER_MS = 2_147_483_647;

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

function isBrowser(): boolean {
  const g = globalThis as { window?: { document?: unknown }; importScripts?: unknown };
  return typeof g.window?.document !== "undefined" || typeof g.importScripts === "function";
}

function checkBaseUrl(value: unknown, allowInsecureHttp: boolean, issues: ValidationIssue[]): string {
  const field = "baseUrl";
  if (typeof value !== "string" || value === "") {
    issues.push({
      field,
      message: "missing: pass baseUrl (e.g. https://tracking.example.com/api) or set TRACKFINITY_BASE_URL",
    });
    return "";
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ field, message: "is not an absolute URL; use e.g. https://tracking.example.com/api" });
    return "";
  }
  const problem =
    url.protocol !== "https:" && url.protocol !== "http:"
      ? `uses ${url.protocol}; only https: (or http: on loopback) is allowed`
      : url.username || url.password
        ? "contains credentials; remove them from the URL and pass apiKey and apiUsername instead"
        : url.search || url.hash || value.includes("?") || value.includes("#")
          ? "has a query or fragment; pass only the API root, e.g. https://tracking.example.com/api"
          : url.protocol === "http:" && !LOOPBACK.test(url.hostname) && !allowInsecureHttp
            ? "uses http:, which would send the API key in clear text; use https:, or set allowInsecureHttp: true on a trusted network"
            : undefined;
  if (problem) issues.push({ field, message: problem });
  return url.href.replace(/\/+$/, "");
}

function checkHeader(field: string, value: unknown, envName: string, issues: ValidationIssue[]): string {
  if (typeof value !== "string" || value === "") {
    issues.push({ field, message: `missing: pass ${field} or set ${envName}` });
  } else if (!HEADER_SAFE.test(value)) {
    issues.push({
      field,
      message:
        "must be printable ASCII without line breaks or surrounding spaces (it is sent as an HTTP header)",
    });
  } else {
    return value;
  }
  return "";
}

function checkCount(
  field: string,
  value: unknown,
  fallback: number,
  min: number,
  issues: ValidationIssue[],
): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= MAX_TIMER_MS)
    return value;
  issues.push({
    field,
    message: `expected a whole number from ${min} to ${MAX_TIMER_MS}, got ${String(value)}`,
  });
  return fallback;
}

function checkObject(what: string, value: unknown): asserts value is Record<string, unknown> | undefined {
  if (value !== undefined && (typeof value !== "object" || value === null)) {
    throw new TrackfinityValidationError(what, [
      { field: "options", message: "expected an object or nothing" },
    ]);
  }
}

/** Applies defaults (environment variables included) and checks every client option. */
export function resolveOptions(options: TrackfinityClientOptions | undefined): ResolvedOptions {
  checkObject("client options", options);
  const o: TrackfinityClientOptions = options ?? {};
  const issues: ValidationIssue[] = [];
  if (isBrowser() && o.dangerouslyAllowBrowser !== true) {
    issues.push({
      field: "dangerouslyAllowBrowser",
      message:
        "refusing to run in a browser: the admin API key would be readable by anyone using the page. Call Trackfinity from your server, or set dangerouslyAllowBrowser: true",
    });
  }
  const baseUrl = checkBaseUrl(
    o.baseUrl ?? env("TRACKFINITY_BASE_URL"),
    o.allowInsecureHttp === true,
    issues,
  );
  const apiKey = checkHeader("apiKey", o.apiKey ?? env("TRACKFINITY_API_KEY"), "TRACKFINITY_API_KEY", issues);
  const apiUsername = checkHeader(
    "apiUsername",
    o.apiUsername ?? env("TRACKFINITY_API_USERNAME"),
    "TRACKFINITY_API_USERNAME",
    issues,
  );
  const timeoutMs = checkCount("timeoutMs", o.timeoutMs, 30_000, 1, issues);
  const maxRetries = checkCount("maxRetries", o.maxRetries, 2, 0, issues);
  const maxRetryAfterMs = checkCount("maxRetryAfterMs", o.maxRetryAfterMs, 60_000, 0, issues);
  if (o.fetch !== undefined && typeof o.fetch !== "function") {
    issues.push({ field: "fetch", message: "expected a function like globalThis.fetch" });
  }
  if (o.logger !== undefined && (typeof o.logger !== "object" || o.logger === null)) {
    issues.push({
      field: "logger",
      message: "expected an object with debug and/or warn functions, e.g. console",
    });
  }
  for (const flag of ["allowInsecureHttp", "dangerouslyAllowBrowser"] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== "boolean") {
      issues.push({ field: flag, message: "expected true or false" });
    }
  }
  if (issues.length) throw new TrackfinityValidationError("client options", issues);
  return {
    baseUrl,
    headers: { "api-key": apiKey, "api-username": apiUsername },
    secret: apiKey,
    timeoutMs,
    maxRetries,
    maxRetryAfterMs,
    fetch: o.fetch ?? ((request) => globalThis.fetch(request)),
    logger: o.logger,
  };
}

/** Checks one call's options, falling back to the client's. */
export function resolveCallOptions(
  options: CallOptions | undefined,
  client: ResolvedOptions,
): { signal: AbortSignal | undefined; timeoutMs: number; maxRetries: number } {
  checkObject("setCustomerDetails options", options);
  const o: CallOptions = options ?? {};
  const issues: ValidationIssue[] = [];
  const timeoutMs = checkCount("timeoutMs", o.timeoutMs, client.timeoutMs, 1, issues);
  const maxRetries = checkCount("maxRetries", o.maxRetries, client.maxRetries, 0, issues);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    issues.push({ field: "signal", message: "expected an AbortSignal" });
  }
  if (issues.length) throw new TrackfinityValidationError("setCustomerDetails options", issues);
  return { signal: o.signal, timeoutMs, maxRetries };
}
