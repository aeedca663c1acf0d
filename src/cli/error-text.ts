import {
  TrackfinityApiError,
  TrackfinityRefusalError,
  TrackfinityTimeoutError,
  TrackfinityUnexpectedResponseError,
} from "../index.js";
import { InvalidInputError } from "./errors.js";
import type { InputIssue } from "./issue-text.js";
import { flagForOption, settingForOption } from "./option-flags.js";

const BASE_URL = settingForOption("baseUrl");

/** The start of a response body, on one line, as a message quotes it. */
function quoteBody(body: string): string {
  const text = body.trim().replace(/\s+/g, " ").slice(0, 300);
  return text ? `: ${text}` : "";
}

/** What the server answered and what to do, naming the flags and variables a CLI user sets. */
function apiErrorText(error: TrackfinityApiError): string {
  const { method, url, status, advice } = error;
  const call = `${method} ${url} (${status})${quoteBody(error.body)}.`;
  switch (advice.code) {
    case "set_base_url": {
      const to = advice.location ? ` to ${advice.location}` : "";
      const root = advice.baseUrl ?? "the API root the server redirects to";
      return `Trackfinity redirected ${method} ${url} (${status})${to}${quoteBody(error.body)}. Not followed, so the key stays with ${BASE_URL}: set ${BASE_URL} to ${root}.`;
    }
    case "add_api_root":
      return `Trackfinity refused ${call} ${BASE_URL} probably lacks the install's API root: set it to ${advice.baseUrl}.`;
    case "check_credentials":
      return `Trackfinity refused the credentials: ${call} Check ${settingForOption("apiKey")} and ${settingForOption("apiUsername")}, and that this machine's IP address is on the install's admin API allow-list.`;
    case "check_base_url":
      return `Trackfinity refused ${call} Check that ${BASE_URL} is the install's API root, ending in /api.`;
    case "check_lookup_id":
      return `Trackfinity refused ${call} Check the lookup id, and that ${BASE_URL} is the install's API root.`;
    case "slow_down":
      return `Trackfinity asked to slow down: ${call} Try again later.`;
    case "try_later":
      return `Trackfinity failed: ${call} The install may be down or in maintenance; try again later.`;
    case "read_body":
      return `Trackfinity refused ${call}`;
  }
}

/**
 * An error as the CLI prints it. The CLI writes its own words, from the error's data, wherever the
 * library's would name its options or advise; other errors (a connection error: the URL and what
 * the system said) keep their message.
 */
export function errorText(error: unknown): string {
  if (error instanceof TrackfinityApiError) return apiErrorText(error);
  if (error instanceof TrackfinityUnexpectedResponseError) {
    return `Trackfinity answered ${error.method} ${error.url} (${error.status})${quoteBody(error.body)}, but expected ${error.expected}. Check that ${BASE_URL} is the install's API root.`;
  }
  if (error instanceof TrackfinityRefusalError) {
    return `Trackfinity refused ${error.method} ${error.url}: ${error.reason} (its answer was ${error.status}, with the failure envelope). Sending it again will not help.`;
  }
  if (error instanceof TrackfinityTimeoutError) {
    return `No answer from ${error.url} within ${flagForOption("timeoutMs")} (${error.timeoutMs} ms)`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** An error as printed with --json and written to a report: class, HTTP status if any, message. */
export interface ErrorDescription {
  error: string;
  status?: number;
  message: string;
  /** The vendor's reason, for a failure inside a 2xx answer. */
  reason?: string;
  body?: string;
  issues?: readonly InputIssue[];
}

/** Describes any error for machine-readable output, in the CLI's words; the client has already redacted the API key from it. */
export function describeError(error: unknown, withBody = true): ErrorDescription {
  if (!(error instanceof Error)) return { error: "Error", message: String(error) };
  const description: ErrorDescription = { error: error.name, message: errorText(error) };
  if (
    error instanceof TrackfinityApiError ||
    error instanceof TrackfinityUnexpectedResponseError ||
    error instanceof TrackfinityRefusalError
  ) {
    description.status = error.status;
    if (withBody) description.body = error.body;
  }
  if (error instanceof TrackfinityRefusalError) description.reason = error.reason;
  if (error instanceof InvalidInputError) description.issues = error.issues;
  return description;
}
