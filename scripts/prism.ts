import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../", import.meta.url));
const prismBin = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));

/** A running Prism mock of openapi.yaml. */
export interface PrismMock {
  /** The API root to use as the client's `baseUrl`, e.g. `http://127.0.0.1:40123/api`. */
  url: string;
  /** Stops the mock and waits for its process to exit. */
  stop(): Promise<void>;
}

/**
 * Writes the mock's copy of openapi.yaml, with every path under the servers' base path (`/api`),
 * so the mock answers at the URLs a real install does (`…/api/customer/…`). Prism matches paths as
 * they are written and never strips a base path (stoplightio/prism#906), hence the copy.
 * Returns the copy's path and the base path; `remove()` deletes it.
 */
export function writeMockSpec(): { file: string; basePath: string; remove(): void } {
  const spec = parse(readFileSync(join(root, "openapi.yaml"), "utf8"));
  const basePath = new URL(
    String(spec.servers?.[0]?.url ?? "/").replace(/\{[^}]*\}/g, "x"),
    "http://x",
  ).pathname.replace(/\/$/, "");
  spec.paths = Object.fromEntries(
    Object.entries(spec.paths ?? {}).map(([path, item]) => [basePath + path, item]),
  );
  spec.servers = [{ url: "http://127.0.0.1" }];
  const dir = mkdtempSync(join(tmpdir(), "trackfinity-mock-"));
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(spec));
  return { file, basePath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("could not pick a free port");
  return address.port;
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Prism exited (${child.exitCode}) before answering:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Prism did not answer on ${url} within 30 s:\n${output()}`);
}

/**
 * Starts Prism from node_modules on a loopback port (a free one unless `port` is given) and
 * resolves once it answers HTTP. `stdio: "inherit"` shows Prism's own log (for `npm run mock`).
 */
export async function startPrism(
  options: { port?: number; stdio?: "pipe" | "inherit" } = {},
): Promise<PrismMock> {
  const port = options.port ?? (await freePort());
  const spec = writeMockSpec();
  const child = spawn(prismBin, ["mock", "-h", "127.0.0.1", "-p", String(port), spec.file], {
    cwd: root,
    stdio: ["ignore", options.stdio ?? "pipe", options.stdio ?? "pipe"],
  });
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const kill = () => {
    child.kill("SIGTERM");
    spec.remove();
  };
  process.once("exit", kill);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(url, child, () => log);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    url: url + spec.basePath,
    async stop() {
      process.off("exit", kill);
      if (child.exitCode !== null || child.signalCode !== null) return spec.remove();
      const exited = once(child, "exit");
      kill();
      await exited;
    },
  };
}
