// The same hand-written loop as fetch-loop, each row sent with trackfinity-client instead: what the
// client costs at bulk scale, apart from everything else the CLI does.
// Usage: node client-loop.mjs FILE.csv CONCURRENCY REPORT.ndjson CLIENT_ENTRY (dist/index.js).
import { pathToFileURL } from "node:url";
import { env, runCsvLoop } from "./lib/csv-loop.ts";

type ClientModule = typeof import("../../src/index.ts");

const entry = process.argv[5];
if (!entry) throw new Error("usage: client-loop FILE.csv CONCURRENCY REPORT CLIENT_ENTRY");
const { createTrackfinityClient } = (await import(pathToFileURL(entry).href)) as ClientModule;
const client = createTrackfinityClient({
  baseUrl: env("TRACKFINITY_BASE_URL"),
  apiKey: env("TRACKFINITY_API_KEY"),
  apiUsername: env("TRACKFINITY_API_USERNAME"),
});

await runCsvLoop(
  "client-loop",
  async (fields) => (await client.setCustomerDetails(fields as never)) === true,
);
