// A Trackfinity stand-in that pushes back as a scenario says (test/support/scenario-server.ts), in
// its own process so it has its own core. Usage: node scenario-server.mjs 'SCENARIO-JSON'. Prints its
// base URL on a line; answers each "stats" line on stdin with its counts (ScenarioStats, its live
// traffic's apart) as one JSON line.
import { createInterface } from "node:readline";
import { type Scenario, startScenarioServer } from "../../test/support/scenario-server.ts";

const server = await startScenarioServer(JSON.parse(process.argv[2] ?? "{}") as Scenario);
process.stdout.write(`${server.url}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "stats") process.stdout.write(`${JSON.stringify(server.stats)}\n`);
}
await server.close();
