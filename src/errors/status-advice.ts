import type { OperationData } from "../operation-shape.js";

/**
 * What an HTTP answer points at, and so what to do about it: the one place that reads each
 * status, for the library's error messages and for callers that explain a failure in their own
 * words (the CLI, its `doctor`).
 * - `set_base_url`: a redirect (3xx). `baseUrl` is not the API root, and a redirect is never
 *   followed (the key stays with `baseUrl`). `location` is where the server points, `baseUrl` the
 *   API root there when that target keeps the operation's path.
 * - `add_api_root`: 404 or 405 from a `baseUrl` whose path does not end in `/api`: it probably
 *   lacks the install's API root. `baseUrl` is the same URL with `/api` added.
 * - `check_credentials`: 401 or 403, or a 404 to an operation that takes no params (`ping`):
 *   `apiKey` or `apiUsername` is wrong, or this machine's IP address is not on the install's admin
 *   API allow-list.
 * - `check_base_url`: 405. `baseUrl` is not the install's API root, ending in `/api`.
 * - `check_lookup_id`: 404 to an operation that names a record: no record has that lookup id, or
 *   `baseUrl` is not the install's API root.
 * - `slow_down`: 429. The server asked to slow down; try again later.
 * - `try_later`: 408 or 5xx. The install may be down or in maintenance; try again later.
 * - `read_body`: any other status, or a 404 to an operation with params but no lookup id. The
 *   server refused the request itself; its body may say why.
 */
export type StatusAdvice =
  | { code: "set_base_url"; location: string | undefined; baseUrl: string | undefined }
  | { code: "add_api_root"; baseUrl: string }
  | {
      code:
        | "check_credentials"
        | "check_base_url"
        | "check_lookup_id"
        | "slow_down"
        | "try_later"
        | "read_body";
    };

/** What the advice reads of the operation called: its path below baseUrl, its lookup ids and its input. */
export type AdvisedOperation = Pick<OperationData, "path" | "lookup" | "input">;

/** The base URL of a call to `url`, if `url` is the operation's `path` below it (a query aside). */
function baseUrlOf(url: string, path: string): string | undefined {
  const { origin, pathname } = new URL(url);
  return pathname.endsWith(path) ? origin + pathname.slice(0, -path.length) : undefined;
}

/** What a 404 points at: a lookup id names no record, or, for `ping`, refused credentials (its notes in the spec). */
function notFoundAdvice(
  operation: AdvisedOperation | undefined,
): "check_lookup_id" | "check_credentials" | "read_body" {
  if (!operation || operation.lookup.length) return "check_lookup_id";
  return operation.input === "none" ? "check_credentials" : "read_body";
}

/**
 * The advice for an answer of `status` to `url`; `location` is its Location header, and
 * `operation` (when known) the operation called, which names the API root a redirect points at,
 * tells a base URL that lacks `/api`, and whether a 404 can be about a lookup id.
 */
export function adviceFor(
  status: number,
  url: string,
  location: string | null,
  operation?: AdvisedOperation,
): StatusAdvice {
  const path = operation?.path;
  if (status < 400) {
    const target = location && URL.canParse(location, url) ? new URL(location, url).href : undefined;
    // The API root there, when the target keeps the operation's path below it.
    const baseUrl = path && target?.endsWith(path) ? target.slice(0, -path.length) : undefined;
    return { code: "set_base_url", location: target, baseUrl: baseUrl || undefined };
  }
  const baseUrl = path === undefined ? undefined : baseUrlOf(url, path);
  // The install answers under /api: without it, the web server's own 404 or 405 is the likely answer.
  if ((status === 404 || status === 405) && baseUrl !== undefined && !/\/api$/.test(baseUrl)) {
    return { code: "add_api_root", baseUrl: `${baseUrl}/api` };
  }
  if (status === 401 || status === 403) return { code: "check_credentials" };
  if (status === 405) return { code: "check_base_url" };
  if (status === 404) return { code: notFoundAdvice(operation) };
  if (status === 429) return { code: "slow_down" };
  if (status >= 500 || status === 408) return { code: "try_later" };
  return { code: "read_body" };
}
