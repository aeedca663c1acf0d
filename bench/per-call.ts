import type { AxiosAdapter } from "axios";
import { axiosClient, type FetchLike, handWritten, openapiFetch, trackfinity } from "./lib/contenders.ts";
import { JSON_TYPE, TRUE_BODY } from "./lib/fixture.ts";
import { loadBuiltClient } from "./lib/load-client.ts";
import { atLeast, type Row, type Section, throughputRow } from "./lib/report.ts";
import { measureInRounds } from "./lib/rounds.ts";

/** Never contacted: every contender's transport is a stub. */
const BASE_URL = "http://127.0.0.1:9";

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

/** 1. What one call costs in this process when the transport costs (almost) nothing. */
export async function perCallCost(root: string, quick: boolean): Promise<Section> {
  const client = await loadBuiltClient(root);
  const measured = await measureInRounds(
    [
      { name: "limit: hand-built Request", call: handWritten(BASE_URL, fetchStub) },
      { name: "openapi-fetch", call: openapiFetch(BASE_URL, fetchStub) },
      { name: "openapi-fetch + timeout signal", call: openapiFetch(BASE_URL, fetchStub, true) },
      { name: "axios", call: axiosClient(BASE_URL, axiosStub) },
      { name: "trackfinity-client", call: trackfinity(client, BASE_URL, fetchStub) },
    ],
    { rounds: quick ? 2 : 4, timeMs: quick ? 300 : 800, warmupMs: 200, batch: 200, concurrency: 1 },
  );
  const get = (name: string) => {
    const found = measured.find((m) => m.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };
  const limit = get("limit: hand-built Request");
  const bare = get("openapi-fetch");
  const timed = get("openapi-fetch + timeout signal");
  const axios = get("axios");
  const ours = get("trackfinity-client");
  const versus = (reference: typeof ours, label: string, goal?: number): Row => {
    const row = throughputRow(ours, "calls/s", reference);
    row.measured = `trackfinity-client vs ${label}`;
    if (goal !== undefined) row.goal = atLeast(row.ratio, goal);
    return row;
  };
  return {
    title: "1. Per-call client cost, stubbed fetch (calls/s, higher is better)",
    rows: [
      throughputRow(limit, "calls/s"),
      throughputRow(bare, "calls/s", limit),
      throughputRow(timed, "calls/s", bare),
      throughputRow(axios, "calls/s", limit),
      throughputRow(ours, "calls/s", limit),
      versus(bare, "openapi-fetch", 0.9),
      versus(axios, "axios", 1),
      versus(timed, "openapi-fetch + timeout signal"),
    ],
  };
}
