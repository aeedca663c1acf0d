import axios, { type AxiosAdapter } from "axios";
import createClient from "openapi-fetch";
import { request as undiciRequest } from "undici";
import type { paths } from "../../src/generated/openapi.ts";
import { AUTH_HEADERS, expectTrue, FORM, PARAMS, PATH, WIRE_PARAMS } from "./fixture.ts";
import type { ClientModule } from "./load-client.ts";

/** One call of `PATCH /customer/set_customer_details`; resolves once `true` came back. */
export type Call = () => Promise<void>;
export type FetchLike = (request: Request) => Promise<Response>;

/** The limit: URLSearchParams body and a Request built by hand, handed to `fetchImpl`. */
export function handWritten(baseUrl: string, fetchImpl: FetchLike): Call {
  const url = baseUrl + PATH;
  return async () => {
    const body = new URLSearchParams(WIRE_PARAMS).toString();
    const request = new Request(url, {
      method: "PATCH",
      headers: { ...AUTH_HEADERS, "content-type": FORM },
      body,
    });
    const response = await fetchImpl(request);
    expectTrue(await response.json(), "hand-written Request");
  };
}

/** The per-attempt timeout trackfinity-client always sets (30 s by default): its cost, given to others. */
const TIMEOUT_MS = 30_000;

/** Runs `send` under a fresh AbortSignal that fires after TIMEOUT_MS, as trackfinity-client does. */
async function withTimeout<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    return await send(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Global fetch called the ordinary way, `fetch(url, init)`; with `timeout`, under a timeout signal. */
export function globalFetch(baseUrl: string, timeout = false): Call {
  const url = baseUrl + PATH;
  const send = (signal?: AbortSignal) =>
    fetch(url, {
      method: "PATCH",
      headers: { ...AUTH_HEADERS, "content-type": FORM },
      body: new URLSearchParams(WIRE_PARAMS).toString(),
      ...(signal ? { signal } : {}),
    });
  return async () => {
    const response = await (timeout ? withTimeout(send) : send());
    expectTrue(await response.json(), "global fetch");
  };
}

/** undici's own `request`, the floor of what Node can do over HTTP/1.1. */
export function undici(baseUrl: string): Call {
  const url = baseUrl + PATH;
  return async () => {
    const { body } = await undiciRequest(url, {
      method: "PATCH",
      headers: { ...AUTH_HEADERS, "content-type": FORM },
      body: new URLSearchParams(WIRE_PARAMS).toString(),
    });
    expectTrue(await body.json(), "undici.request");
  };
}

/**
 * openapi-fetch alone, typed by the same generated `paths`, sending the same urlencoded body;
 * with `timeout`, under a timeout signal.
 */
export function openapiFetch(baseUrl: string, fetchImpl?: FetchLike, timeout = false): Call {
  const client = createClient<paths>({
    baseUrl,
    headers: AUTH_HEADERS,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const send = (signal?: AbortSignal) =>
    client.PATCH(PATH, {
      body: { customer_id: "191", firstname: "Test", zip: "66666" },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
      headers: { "content-type": FORM },
      ...(signal ? { signal } : {}),
    });
  return async () => {
    const { data } = await (timeout ? withTimeout(send) : send());
    expectTrue(data, "openapi-fetch");
  };
}

/** axios with its default (http) adapter, or with `adapter` in its place. */
export function axiosClient(baseUrl: string, adapter?: AxiosAdapter): Call {
  const instance = axios.create({ baseURL: baseUrl, headers: AUTH_HEADERS, ...(adapter ? { adapter } : {}) });
  return async () => {
    const { data } = await instance.patch(PATH, new URLSearchParams(WIRE_PARAMS));
    expectTrue(data, "axios");
  };
}

/** trackfinity-client, as built to dist/ (this tree's or a baseline's). */
export function trackfinity(client: ClientModule, baseUrl: string, fetchImpl?: FetchLike): Call {
  const trackfinity = client.createTrackfinityClient({
    baseUrl,
    apiKey: AUTH_HEADERS["api-key"],
    apiUsername: AUTH_HEADERS["api-username"],
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return async () => {
    expectTrue(await trackfinity.setCustomerDetails(PARAMS), "trackfinity-client");
  };
}
