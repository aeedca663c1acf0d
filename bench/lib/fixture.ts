/** The one request every contender sends, and what the loopback server answers. */

export const PATH = "/customer/set_customer_details";
export const FORM = "application/x-www-form-urlencoded";
export const API_KEY = "bench-api-key";
export const API_USERNAME = "bench-user";
export const AUTH_HEADERS = { "api-key": API_KEY, "api-username": API_USERNAME } as const;

/** As a trackfinity-client caller writes it. */
export const PARAMS = { customer_id: 191, firstname: "Test", zip: "66666" } as const;

/** As a caller of a generic client writes it: every value already text, as the spec says. */
export const WIRE_PARAMS: Record<string, string> = { customer_id: "191", firstname: "Test", zip: "66666" };

/** The JSON answer of a successful call. */
export const TRUE_BODY = "true";
export const JSON_TYPE = "application/json";

/** Throws unless a contender got the answer `true`: a benchmark of a broken call measures nothing. */
export function expectTrue(value: unknown, who: string): void {
  if (value !== true) throw new Error(`${who} did not get true back (got ${String(value)})`);
}
