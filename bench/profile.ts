// Runs one contender alone for a few seconds, to profile it:
//   npm run build
//   node --cpu-prof --cpu-prof-dir=/tmp/trackfinity-prof --import tsx bench/profile.ts loopback trackfinity-client 32
//   tsx bench/profile-top.ts /tmp/trackfinity-prof/*.cpuprofile
// Arguments: per-call | loopback, a contender's name as in the table, concurrency (1), seconds (5).

import { currentBuild } from "./lib/builds.ts";
import { compileChildren } from "./lib/compile.ts";
import { loopbackLineup, perCallLineup } from "./lib/lineups.ts";
import { loadBuiltClients } from "./lib/load-client.ts";
import { startLoopbackServer } from "./lib/loopback-server.ts";
import { ROOT } from "./lib/paths.ts";
import { runBatch } from "./lib/rounds.ts";

const [section = "", name = "", concurrencyArg = "1", secondsArg = "5"] = process.argv.slice(2);
const clients = await loadBuiltClients([currentBuild(ROOT)]);
const children = section === "loopback" ? await compileChildren(ROOT, ["answer-true"]) : undefined;
const server = children ? await startLoopbackServer(children.path("answer-true")) : undefined;
try {
  const lineup = server ? loopbackLineup(clients, server.url) : perCallLineup(clients);
  const contender = lineup.find((c) => c.name === name);
  if (section !== "per-call" && section !== "loopback")
    throw new Error("first argument: per-call or loopback");
  if (!contender)
    throw new Error(`contender: one of ${lineup.map((c) => JSON.stringify(c.name)).join(", ")}`);
  const concurrency = Number(concurrencyArg);
  const end = performance.now() + Number(secondsArg) * 1000;
  let calls = 0;
  while (performance.now() < end) {
    await runBatch(contender.call, 100 * concurrency, concurrency);
    calls += 100 * concurrency;
  }
  console.log(`${name}: ${Math.round(calls / Number(secondsArg))} calls/s while profiled`);
} finally {
  await server?.stop();
  children?.remove();
}
