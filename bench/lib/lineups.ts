import type { AxiosAdapter } from "axios";
import {
  axiosClient,
  type FetchLike,
  globalFetch,
  handWritten,
  openapiFetch,
  trackfinity,
  undici,
} from "./contenders.ts";
import { JSON_TYPE, TRUE_BODY } from "./fixture.ts";
import type { LoadedClient } from "./load-client.ts";
import type { Contender } from "./rounds.ts";

/** Never contacted: in the per-call lineup every contender's transport is a stub. */
const STUB_BASE_URL = "http://127.0.0.1:9";

/** What each fetch-based contender gets instead of the network. */
const fetchStub: FetchLike = async () =>
  new Response(TRUE_BODY, { status: 200, headers: { "content-type": JSON_TYPE } });

/** axios's equivalent: the raw answer its http adapter would hand back. */
const axiosStub: AxiosAdapter = async (config) => ({
  data: TRUE_BODY,
  status: 200,
  statusText: "OK",
  headers: { "content-type": JSON_TYPE },
  config,
  request: {},
});

/** Section 1's contenders: the same call with the transport stubbed out; one trackfinity-client per build. */
export function perCallLineup(clients: readonly LoadedClient[]): Contender[] {
  return [
    { name: "limit: hand-built Request", call: handWritten(STUB_BASE_URL, fetchStub) },
    { name: "openapi-fetch", call: openapiFetch(STUB_BASE_URL, fetchStub) },
    { name: "openapi-fetch + timeout signal", call: openapiFetch(STUB_BASE_URL, fetchStub, true) },
    { name: "axios", call: axiosClient(STUB_BASE_URL, axiosStub) },
    ...clients.map((c) => ({ name: c.name, call: trackfinity(c.module, STUB_BASE_URL, fetchStub) })),
  ];
}

/**
 * The current build handed `fetch: (request) => fetch(request)`: every attempt then goes through
 * openapi-fetch's Request, body stream and signal, as without the client's fast path (fetchAsInit).
 */
export const WITHOUT_FAST_PATH = "trackfinity-client handed fetch(request), without its fast path";

/**
 * Section 2's contenders: the same call to the loopback server at `baseUrl`; one trackfinity-client
 * per build (the current one first), and the current one without its fast path.
 */
export function loopbackLineup(clients: readonly LoadedClient[], baseUrl: string): Contender[] {
  const current = clients[0] as LoadedClient;
  const fetchRequest: FetchLike = (request) => globalThis.fetch(request);
  return [
    { name: "undici.request (floor)", call: undici(baseUrl) },
    { name: "global fetch", call: globalFetch(baseUrl) },
    { name: "global fetch + timeout signal", call: globalFetch(baseUrl, true) },
    { name: "openapi-fetch", call: openapiFetch(baseUrl) },
    { name: "axios", call: axiosClient(baseUrl) },
    ...clients.map((c) => ({ name: c.name, call: trackfinity(c.module, baseUrl) })),
    { name: WITHOUT_FAST_PATH, call: trackfinity(current.module, baseUrl, fetchRequest) },
  ];
}
