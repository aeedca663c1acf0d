import { allBuilds, type Builds } from "./lib/builds.ts";
import { loopbackLineup, WITHOUT_FAST_PATH } from "./lib/lineups.ts";
import { loadBuiltClients } from "./lib/load-client.ts";
import { atLeast, baselineThroughputRow, type Row, type Section, throughputRow } from "./lib/report.ts";
import { measureInRounds } from "./lib/rounds.ts";

/** Requests per sample: each sample is the mean over a batch, so a slow request is averaged in. */
const BATCH_PER_WORKER = 20;

/** 2. Calls per second to a keep-alive `node:http` server on 127.0.0.1 answering `true`. */
export async function loopbackRoundTrip(builds: Builds, baseUrl: string, quick: boolean): Promise<Section> {
  const contenders = loopbackLineup(await loadBuiltClients(allBuilds(builds)), baseUrl);
  const rows: Row[] = [];
  for (const concurrency of [1, 32]) {
    const measured = await measureInRounds(contenders, {
      rounds: quick ? 2 : 4,
      timeMs: quick ? 300 : 600,
      warmupMs: 150,
      batch: Math.max(100, concurrency * BATCH_PER_WORKER),
      concurrency,
      clock: "wall",
    });
    const reference = measured.find((m) => m.name === "global fetch");
    const ours = measured.find((m) => m.name === builds.current.name);
    for (const m of measured) {
      // The lineup lists the baseline right after the current build, so its row lands under that one.
      const row =
        ours && m.name === builds.baseline?.name
          ? baselineThroughputRow(m, ours, "calls/s")
          : throughputRow(m, "calls/s", m.name === WITHOUT_FAST_PATH ? ours : reference);
      row.measured = `${m.name}, concurrency ${concurrency}`;
      if (m === ours) row.goal = atLeast(row.ratio, 0.95);
      rows.push(row);
    }
  }
  return { title: "2. Loopback round trip, keep-alive (calls/s, higher is better)", rows };
}
