import { inject } from "vitest";

export const OPERATION_PATH = "/customer/set_customer_details";
export const CREDENTIALS = { "api-key": "contract-test-key", "api-username": "contract-tester" } as const;

/** What Prism said about one raw request. */
export interface RawOutcome {
  status: number;
  body: string;
  /** Parsed `sl-violations` header: one entry per rule Prism saw broken. */
  violations: Array<{ location: string[]; code: string | number; message: string }>;
}

/**
 * Sends a hand-built request to the Prism mock, bypassing the client entirely: by default a
 * urlencoded PATCH of `body` to set_customer_details.
 */
export async function rawPatch(
  body: string,
  headers: Record<string, string> = CREDENTIALS,
  { path = OPERATION_PATH, method = "PATCH" }: { path?: string; method?: string } = {},
): Promise<RawOutcome> {
  const response = await fetch(`${inject("prismUrl")}${path}`, {
    method,
    headers: {
      ...(method === "GET" ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      ...headers,
    },
    ...(method === "GET" ? {} : { body }),
  });
  const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]");
  return { status: response.status, body: await response.text(), violations };
}

/** Encodes pairs as the vendor's examples do (`http_build_query`-style, every value text). */
export function form(pairs: Record<string, string>): string {
  return new URLSearchParams(pairs).toString();
}

/** The violation messages as one string, for asserting which field Prism named. */
export function violationText(outcome: RawOutcome): string {
  return outcome.violations.map((v) => `${v.location.join(".")}: ${v.message}`).join("\n");
}
