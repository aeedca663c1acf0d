// The install's own live traffic beside a bulk run: requests at a fixed rate, sent on schedule whatever
// the answers take (a click does not wait for the one before it), each timed here, in a process of its
// own, so neither the bulk CLI's event loop nor the server's is in the figure.
// Usage: node live-traffic.mjs BASE_URL RATE. Sends until stdin ends, waits for the requests still
// out, then prints one JSON line: [sent at (epoch ms), latency (ms) or null when not served][].
import { Agent, request } from "node:http";
import { LIVE_PATH } from "../../test/support/scenario-server.ts";

/** Past this, a live request counts as not served (a visitor gone). */
const TIMEOUT_MS = 10_000;

const [baseUrl, rateArg] = process.argv.slice(2);
if (!baseUrl || !rateArg) throw new Error("usage: live-traffic BASE_URL RATE");
const url = `${baseUrl}${LIVE_PATH}`;
const periodMs = 1000 / Number(rateArg);
const agent = new Agent({ keepAlive: true });
const samples: Array<[number, number | null]> = [];
const out = new Set<Promise<void>>();

function send(): Promise<void> {
  const sentAt = Date.now();
  const start = performance.now();
  return new Promise((resolve) => {
    let answered = false;
    const done = (served: boolean) => {
      if (answered) return;
      answered = true;
      samples.push([sentAt, served ? Math.round((performance.now() - start) * 10) / 10 : null]);
      resolve();
    };
    const req = request(url, { agent, timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      response.on("end", () => done(response.statusCode === 200));
      response.on("error", () => done(false));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => done(false));
    req.end();
  });
}

// Each request is due at t0 + i × period; a late timer sends every request then due (open loop).
const t0 = performance.now();
let sent = 0;
let stopped = false;
function tick() {
  if (stopped) return;
  const due = Math.floor((performance.now() - t0) / periodMs) + 1;
  for (; sent < due; sent++) {
    const pending = send().finally(() => out.delete(pending));
    out.add(pending);
  }
  setTimeout(tick, t0 + sent * periodMs - performance.now());
}
tick();

process.stdin.on("end", async () => {
  stopped = true;
  await Promise.all(out);
  agent.destroy();
  process.stdout.write(`${JSON.stringify(samples)}\n`);
});
process.stdin.resume();
