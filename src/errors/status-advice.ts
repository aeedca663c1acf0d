/**
 * What an HTTP answer points at, and so what to do about it: the one place that reads each
 * status, for the library's error messages and for callers that explain a failure in their own
 * words (the CLI, its `doctor`).
 * - `set_base_url`: a redirect (3xx). `baseUrl` is not the API root, and a redirect is never
 *   followed (the key stays with `baseUrl`). `location` is where the server points, `baseUrl` the
 *   API root there when that target keeps the operation's path.
 * - `check_credentials`: 401 or 403. `apiKey` or `apiUsername` is wrong, or this machine's IP
 *   address is not on the install's admin API allow-list.
 * - `check_base_url`: 405. `baseUrl` is not the install's API root, ending in `/api`.
 * - `check_lookup_id`: 404. No record has that lookup id, or `baseUrl` is not the install's API root.
 * - `slow_down`: 429. The server asked to slow down; try again later.
 * - `try_later`: 408 or 5xx. The install may be down or in maintenance; try again later.
 * - `read_body`: any other status. The server refused the request itself; its body may say why.
 */
export type StatusAdvice =
  | { code: "set_base_url"; location: string | undefined; baseUrl: string | undefined }
  | {
      code:
        | "check_credentials"
        | "check_base_url"
        | "check_lookup_id"
        | "slow_down"
        | "try_later"
        | "read_body";
    };

/**
 * The advice for an answer of `status` to `url`; `location` is its Location header and `path` the
 * operation's path below baseUrl, which name the API root a redirect points at.
 */
export function adviceFor(
  status: number,
  url: string,
  location: string | null,
  path: string | undefined,
): StatusAdvice {
  if (status < 400) {
    const target = location && URL.canParse(location, url) ? new URL(location, url).href : undefined;
    // The API root there, when the target keeps the operation's path below it.
    const baseUrl = path && target?.endsWith(path) ? target.slice(0, -path.length) : undefined;
    return { code: "set_base_url", location: target, baseUrl: baseUrl || undefined };
  }
  if (status === 401 || status === 403) return { code: "check_credentials" };
  if (status === 405) return { code: "check_base_url" };
  if (status === 404) return { code: "check_lookup_id" };
  if (status === 429) return { code: "slow_down" };
  if (status >= 500 || status === 408) return { code: "try_later" };
  return { code: "read_body" };
}
