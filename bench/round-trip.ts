import { loopbackLineup } from "./lib/lineups.ts";
import { loadBuiltClient } from "./lib/load-client.ts";
import { atLeast, type Row, type Section, throughputRow } from "./lib/report.ts";
import { measureInRounds } from "./lib/rounds.ts";

/** Requests per sample: each sample is the mean over a batch, so a slow request is averaged in. */
const BATCH_PER_WORKER = 20;

/** 2. Calls per second to a keep-alive `node:http` server on 127.0.0.1 answering `true`. */
export async function loopbackRoundTrip(root: string, baseUrl: string, quick: boolean): Promise<Section> {
  const client = await loadBuiltClient(root);
  const contenders = loopbackLineup(client, baseUrl);
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
    for (const m of measured) {
      const row = throughputRow(m, "calls/s", reference);
      row.measured = `${m.name}, concurrency ${concurrency}`;
      if (m.name === "trackfinity-client") row.goal = atLeast(row.ratio, 0.95);
      rows.push(row);
    }
  }
  return { title: "2. Loopback round trip, keep-alive (calls/s, higher is better)", rows };
}
