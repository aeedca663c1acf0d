// The client side of test/reliability/load.test.ts, run in its own process so that its exit
// (or its failure to exit) shows leaked timers and sockets:
//   node --expose-gc --import tsx test/reliability/load-child.ts
// Reads LOAD_URL, LOAD_CALLS, LOAD_CONCURRENCY and LOAD_WARMUP; prints one JSON report line.
import { inspect } from "node:util";
import { createTrackfinityClient, TrackfinityError } from "../../src/index.ts";
import { API_USERNAME, SENTINEL_API_KEY } from "./secrets.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const number = (name: string) => Number(process.env[name]);
const calls = number("LOAD_CALLS");
const concurrency = number("LOAD_CONCURRENCY");
const warmup = number("LOAD_WARMUP");

const warnings: string[] = [];
process.on("warning", (warning) => warnings.push(`${warning.name}: ${warning.message}`));
let unhandledRejections = 0;
process.on("unhandledRejection", () => unhandledRejections++);

const logLines: Record<string, number> = {};
let secretHits = 0;
const note = (level: string) => (message: string) => {
  logLines[level] = (logLines[level] ?? 0) + 1;
  if (message.includes(SENTINEL_API_KEY)) secretHits++;
};
const client = createTrackfinityClient({
  baseUrl: process.env.LOAD_URL ?? "",
  apiKey: SENTINEL_API_KEY,
  apiUsername: API_USERNAME,
  timeoutMs: 500,
  maxRetryAfterMs: 1_500,
  // The load's own concurrency is the client's cap: the client, not the test, would otherwise queue.
  maxConcurrency: concurrency,
  logger: Object.fromEntries(
    ["trace", "debug", "info", "warn", "error"].map((level) => [level, note(level)]),
  ),
});
// One long-lived signal shared by every call, as a server passes its shutdown signal around.
const shutdown = new AbortController();

const outcomes: Record<string, number> = {};
const inspected = new Set<string>();
let notTrackfinity = 0;
let lastSettleAt = 0;

async function run(count: number): Promise<Uint8Array> {
  const settles = new Uint8Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await client
        .setCustomerDetails(
          { customer_id: index, firstname: "Load", zip: "66666" },
          { signal: shutdown.signal },
        )
        .then(
          () => {
            settles[index] = (settles[index] ?? 0) + 1;
            outcomes.true = (outcomes.true ?? 0) + 1;
          },
          (error: unknown) => {
            settles[index] = (settles[index] ?? 0) + 1;
            const name = error instanceof TrackfinityError ? error.name : "not a TrackfinityError";
            if (!(error instanceof TrackfinityError)) notTrackfinity++;
            outcomes[name] = (outcomes[name] ?? 0) + 1;
            const text = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
            if (text.includes(SENTINEL_API_KEY)) secretHits++;
            if (!inspected.has(name)) {
              inspected.add(name);
              if (inspect(error, { showHidden: true, depth: 10 }).includes(SENTINEL_API_KEY)) secretHits++;
            }
          },
        );
      lastSettleAt = Date.now();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return settles;
}

const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

await run(warmup);
for (const key of Object.keys(outcomes)) delete outcomes[key];
const warmupLogLines = { ...logLines };
const heapBefore = heapAfterGc();
const startedAt = Date.now();
const settles = await run(calls);
const durationMs = Date.now() - startedAt;
await new Promise((resolve) => setImmediate(resolve));
const heapAfter = heapAfterGc();
// What still keeps the event loop alive: leaked sockets or timers would show here.
const resourcesAtReport = process.getActiveResourcesInfo();

process.stdout.write(
  `${JSON.stringify({
    calls,
    concurrency,
    warmup,
    durationMs,
    settledOnce: settles.filter((count) => count === 1).length,
    outcomes,
    notTrackfinity,
    unhandledRejections,
    warnings,
    logLines,
    warmupLogLines,
    secretHits,
    heapBefore,
    heapAfter,
    lastSettleAt,
    resourcesAtReport,
    reportedAt: Date.now(),
  })}\n`,
);
// Nothing is closed here on purpose: the process must exit on its own.
