import { allBuilds, type Builds } from "./lib/builds.ts";
import { perCallLineup } from "./lib/lineups.ts";
import { loadBuiltClients } from "./lib/load-client.ts";
import { atLeast, baselineThroughputRow, type Row, type Section, throughputRow } from "./lib/report.ts";
import { measureInRounds } from "./lib/rounds.ts";

/** 1. What one call costs in this process when the transport costs (almost) nothing. */
export async function perCallCost(builds: Builds, quick: boolean): Promise<Section> {
  const clients = await loadBuiltClients(allBuilds(builds));
  const measured = await measureInRounds(perCallLineup(clients), {
    rounds: quick ? 2 : 4,
    timeMs: quick ? 300 : 800,
    warmupMs: 200,
    batch: 2_000,
    concurrency: 1,
    clock: "cpu",
  });
  const get = (name: string) => {
    const found = measured.find((m) => m.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };
  const limit = get("limit: hand-built Request");
  const bare = get("openapi-fetch");
  const timed = get("openapi-fetch + timeout signal");
  const axios = get("axios");
  const ours = get(builds.current.name);
  const baseline = builds.baseline && get(builds.baseline.name);
  const versus = (reference: typeof ours, label: string, goal?: number): Row => {
    const row = throughputRow(ours, "calls/s", reference);
    row.measured = `trackfinity-client vs ${label}`;
    if (goal !== undefined) row.goal = atLeast(row.ratio, goal);
    return row;
  };
  return {
    title: "1. Per-call client cost, stubbed fetch (calls per CPU-second, higher is better)",
    rows: [
      throughputRow(limit, "calls/s"),
      throughputRow(bare, "calls/s", limit),
      throughputRow(timed, "calls/s", bare),
      throughputRow(axios, "calls/s", limit),
      throughputRow(ours, "calls/s", limit),
      ...(baseline ? [baselineThroughputRow(baseline, ours, "calls/s")] : []),
      versus(bare, "openapi-fetch", 0.9),
      versus(axios, "axios", 1),
      versus(timed, "openapi-fetch + timeout signal", 0.95),
    ],
  };
}
