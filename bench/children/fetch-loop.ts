// The limit for the bulk CLI's design, written by hand: each CSV row PATCHed with the global fetch.
// Usage: node fetch-loop.mjs FILE.csv CONCURRENCY REPORT.ndjson (environment as for the CLI).
import { env, runCsvLoop } from "./lib/csv-loop.ts";

const url = `${env("TRACKFINITY_BASE_URL")}/customer/set_customer_details`;
const headers = {
  "api-key": env("TRACKFINITY_API_KEY"),
  "api-username": env("TRACKFINITY_API_USERNAME"),
  "content-type": "application/x-www-form-urlencoded",
};

await runCsvLoop("fetch-loop", async (fields) => {
  const response = await fetch(url, {
    method: "PATCH",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
  return response.ok && (await response.json()) === true;
});
