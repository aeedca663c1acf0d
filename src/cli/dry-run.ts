import {
  createTrackfinityClient,
  type SetCustomerDetailsParams,
  type TrackfinityClientOptions,
} from "../index.js";
import { REDACTED } from "./redact.js";

/** The request the client would send, as captured from its own `fetch` call. */
export interface CapturedRequest {
  method: string;
  url: string;
  /** Header name and value pairs, names lower-case, sorted. */
  headers: Array<[string, string]>;
  /** The urlencoded body. */
  body: string;
}

const MASK = "********";

/**
 * Runs the real client with a `fetch` that records the request and answers `true`, so a dry run
 * shows exactly what a real run would send (same validation, URL, headers, body) and sends nothing.
 */
export async function captureRequest(
  options: TrackfinityClientOptions,
  params: SetCustomerDetailsParams,
): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const client = createTrackfinityClient({
    ...options,
    maxRetries: 0,
    fetch: async (request) => {
      captured = {
        method: request.method,
        url: request.url,
        headers: [...request.headers].sort(([a], [b]) => a.localeCompare(b)),
        body: await request.text(),
      };
      return new Response("true", { status: 200, headers: { "content-type": "application/json" } });
    },
  });
  await client.setCustomerDetails(params);
  if (!captured) throw new Error("the client sent no request to capture");
  return captured;
}

/** The request with the API key and the password masked, fit to print. */
export function maskRequest(request: CapturedRequest): CapturedRequest {
  const body = new URLSearchParams(request.body);
  if (body.has("password")) body.set("password", MASK);
  return {
    ...request,
    headers: request.headers.map(([name, value]) => [name, name === "api-key" ? REDACTED : value]),
    body: body.toString(),
  };
}

/** The request as an HTTP message: request line, headers, blank line, body. */
export function formatRequest(request: CapturedRequest): string {
  return [
    `${request.method} ${request.url}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    "",
    request.body,
  ].join("\n");
}
