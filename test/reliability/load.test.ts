import { spawn } from "node:child_process";
import { getMaxListeners, once, setMaxListeners } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrackfinityClient } from "../../src/index.ts";
import { type Fault, type FaultServer, reply, startFaultServer, TRUE } from "./fault-server.ts";
import { PARAMS } from "./harness.ts";
import { API_USERNAME, SENTINEL_API_KEY } from "./secrets.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const child = fileURLToPath(new URL("./load-child.ts", import.meta.url));

const LOAD = { calls: 20_000, concurrency: 64, warmup: 512, faultRate: 0.05, seed: 20_261_126 };
const MIB = 1024 * 1024;
/** Hang guard: the child is killed, and the test fails, if the load has not finished by then. */
const CHILD_LIMIT_MS = 60_000;

/** mulberry32: a small seeded PRNG, so the fault sequence is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The fault matrix, less connection refused (a listening server cannot refuse one request). */
function faultPool(otherOrigin: string): Record<string, Fault> {
  return {
    "reset before response": { kind: "reset-before-response" },
    "reset mid-body": { kind: "reset-mid-body" },
    "hung after headers": { kind: "hang-after-headers" },
    "slow trickle body": { kind: "trickle", body: `${" ".repeat(36)}true`, everyMs: 50 },
    "500": reply(500, "internal error"),
    "502": reply(502, "bad gateway"),
    "503": reply(503, "unavailable"),
    "503 Retry-After: 1": reply(503, "", { "retry-after": "1" }),
    "429 Retry-After beyond cap": reply(429, "", { "retry-after": "3600" }),
    "200 false": reply(200, "false", { "content-type": "application/json" }),
    "200 HTML": reply(200, "<html>login</html>", { "content-type": "text/html" }),
    "200 truncated JSON": reply(200, "tr", { "content-type": "application/json" }),
    "200 empty": reply(200, "", { "content-type": "application/json" }),
    "200 50 MB body": { kind: "huge-body", status: 200, bytes: 50 * MIB },
    "302 to another origin": reply(302, "", { location: `${otherOrigin}/customer/set_customer_details` }),
  };
}

interface ChildReport {
  calls: number;
  concurrency: number;
  warmup: number;
  durationMs: number;
  settledOnce: number;
  outcomes: Record<string, number>;
  notTrackfinity: number;
  unhandledRejections: number;
  warnings: string[];
  logLines: Record<string, number>;
  warmupLogLines: Record<string, number>;
  secretHits: number;
  heapBefore: number;
  heapAfter: number;
  lastSettleAt: number;
  resourcesAtReport: string[];
  reportedAt: number;
}

let server: FaultServer;
let otherOrigin: FaultServer;
const injected: Record<string, number> = {};

beforeAll(async () => {
  otherOrigin = await startFaultServer();
  const pool = Object.entries(faultPool(otherOrigin.url));
  const random = seeded(LOAD.seed);
  server = await startFaultServer(() => {
    if (random() >= LOAD.faultRate) return TRUE;
    const [name, fault] = pool[Math.floor(random() * pool.length)] as [string, Fault];
    injected[name] = (injected[name] ?? 0) + 1;
    return fault;
  });
});

afterAll(async () => {
  await server?.close();
  await otherOrigin?.close();
});

describe("load: 20,000 calls at concurrency 64 with 5% seeded faults", () => {
  it("every call settles once with true or a TrackfinityError; no warning; exits on its own; heap flat", {
    timeout: CHILD_LIMIT_MS + 15_000,
  }, async () => {
    const startedAt = Date.now();
    const proc = spawn(process.execPath, ["--expose-gc", "--import", "tsx", child], {
      cwd: root,
      env: {
        ...process.env,
        LOAD_URL: server.url,
        LOAD_CALLS: String(LOAD.calls),
        LOAD_CONCURRENCY: String(LOAD.concurrency),
        LOAD_WARMUP: String(LOAD.warmup),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    const guard = setTimeout(() => proc.kill("SIGKILL"), CHILD_LIMIT_MS);
    const [code, signal] = (await once(proc, "exit")) as [number | null, NodeJS.Signals | null];
    const exitedAt = Date.now();
    clearTimeout(guard);
    expect({ code, signal, stderr }, `the load finished within ${CHILD_LIMIT_MS / 1000} s`).toEqual({
      code: 0,
      signal: null,
      stderr: "",
    });

    const report = JSON.parse(stdout) as ChildReport;
    // Log lines (one debug per attempt, one warn per retry) include the warm-up; the server saw both too.
    const attempts = report.logLines.debug ?? 0;
    const retries = (report.logLines.warn ?? 0) - (report.warmupLogLines.warn ?? 0);
    const settledCalls = Object.values(report.outcomes).reduce((sum, count) => sum + count, 0);
    const figures = {
      ...LOAD,
      durationMs: report.durationMs,
      wallMs: exitedAt - startedAt,
      outcomes: report.outcomes,
      faultsInjected: Object.values(injected).reduce((sum, count) => sum + count, 0),
      injected,
      serverRequests: server.requests.length,
      attempts,
      loadAttempts: attempts - (report.warmupLogLines.debug ?? 0),
      retries,
      heapBeforeMiB: +(report.heapBefore / MIB).toFixed(2),
      heapAfterMiB: +(report.heapAfter / MIB).toFixed(2),
      exitDelayMs: exitedAt - report.lastSettleAt,
      ofWhichGcAndReportMs: report.reportedAt - report.lastSettleAt,
      resourcesAtReport: report.resourcesAtReport,
    };
    console.info(`load figures: ${JSON.stringify(figures)}`);

    expect(report.settledOnce, "every call settled exactly once").toBe(LOAD.calls);
    expect(settledCalls).toBe(LOAD.calls);
    expect(attempts, "the server saw every attempt the client logged, and no other").toBe(
      server.requests.length,
    );
    expect(report.notTrackfinity, "every failure is a TrackfinityError").toBe(0);
    expect(report.unhandledRejections).toBe(0);
    expect(report.warnings, "no process warning (MaxListenersExceededWarning included)").toEqual([]);
    expect(report.secretHits, "the key in no error or log line").toBe(0);
    expect(figures.faultsInjected, "faults were injected").toBeGreaterThan(LOAD.calls * LOAD.faultRate * 0.8);
    expect(Object.keys(injected).length, "every kind of fault occurred").toBe(15);
    expect(report.outcomes.true, "most calls succeeded").toBeGreaterThan(LOAD.calls * 0.9);
    expect(retries, "retryable faults were retried").toBeGreaterThan(0);
    expect(
      report.resourcesAtReport.filter((resource) => !["PipeWrap", "TTYWrap", "Immediate"].includes(resource)),
      "after the last call, no socket or timer is left: only stdio",
    ).toEqual([]);
    expect(figures.exitDelayMs, "the process exited on its own within 1 s of the last settle").toBeLessThan(
      1_000,
    );
    expect(report.heapAfter - report.heapBefore, "heap after GC within 8 MiB of before").toBeLessThan(
      8 * MIB,
    );
  });
});

describe("one AbortSignal shared by many concurrent calls", () => {
  async function sixtyFourCallsSharing(signal: AbortSignal): Promise<string[]> {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    try {
      const client = createTrackfinityClient({
        baseUrl: otherOrigin.url,
        apiKey: SENTINEL_API_KEY,
        apiUsername: API_USERNAME,
      });
      const results = await Promise.all(
        Array.from({ length: 64 }, () => client.setCustomerDetails(PARAMS, { signal })),
      );
      expect(results).toEqual(Array(64).fill(true));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      return warnings;
    } finally {
      process.off("warning", onWarning);
    }
  }

  it("emits no MaxListenersExceededWarning", async () => {
    expect(await sixtyFourCallsSharing(new AbortController().signal)).toEqual([]);
  });

  it("keeps a listener limit the caller set", async () => {
    const signal = new AbortController().signal;
    setMaxListeners(100, signal);
    expect(await sixtyFourCallsSharing(signal)).toEqual([]);
    expect(getMaxListeners(signal)).toBe(100);
  });
});
