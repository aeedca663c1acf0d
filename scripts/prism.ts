import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const prismBin = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));

/** A running Prism mock of openapi.yaml. */
export interface PrismMock {
  /** Base URL to use as the client's `baseUrl`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Stops the mock and waits for its process to exit. */
  stop(): Promise<void>;
}

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

/** Starts Prism from node_modules on a free loopback port and resolves once it answers HTTP. */
export async function startPrism(): Promise<PrismMock> {
  const port = await freePort();
  const child = spawn(prismBin, ["mock", "-h", "127.0.0.1", "-p", String(port), "openapi.yaml"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const kill = () => child.kill("SIGTERM");
  process.once("exit", kill);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(url, child, () => log);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    url,
    async stop() {
      process.off("exit", kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      kill();
      await exited;
    },
  };
}
