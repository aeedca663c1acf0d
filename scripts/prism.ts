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
  /** Settles when Prism's process exits, for any reason: `exit 1`, `SIGKILL`… */
  exited: Promise<string>;
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

/** Prism could not listen because another process holds its port. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(readonly port: number) {
    super(`127.0.0.1:${port} is already in use by another process`);
  }
}

/**
 * Resolves once Prism's own log says it listens on `url`: an HTTP probe could be answered by
 * whatever else holds the port (and made Prism log a NO_PATH_MATCHED error for `/`). Rejects when
 * Prism exits first, with `PortInUseError` for EADDRINUSE.
 */
function untilListening(child: ChildProcess, url: string, port: number, output: () => string) {
  const ready = `Prism is listening on ${url}\n`;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`Prism did not listen on ${url} within 30 s:\n${output()}`)),
      30_000,
    );
    const onData = () => {
      if (output().includes(ready)) finish();
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(
        output().includes("EADDRINUSE")
          ? new PortInUseError(port)
          : new Error(`Prism exited (${code ?? signal}) before listening:\n${output()}`),
      );
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Starts Prism from node_modules on a loopback port (a free one unless `port` is given) and
 * resolves once it listens there. `echo: true` then shows Prism's own log, from its start, on this
 * process's stdout and stderr (for `npm run mock`); a start that fails shows nothing of it.
 */
export async function startPrism(options: { port?: number; echo?: boolean } = {}): Promise<PrismMock> {
  const port = options.port ?? (await freePort());
  const spec = writeMockSpec();
  const child = spawn(prismBin, ["mock", "-h", "127.0.0.1", "-p", String(port), spec.file], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit").then(([code, signal]) => signal ?? `exit ${code}`);
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const kill = () => {
    child.kill("SIGTERM");
    spec.remove();
  };
  process.once("exit", kill);
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilListening(child, url, port, () => log);
  } catch (error) {
    kill();
    throw error;
  }
  if (options.echo) {
    process.stdout.write(log);
    child.stdout.off("data", collect).pipe(process.stdout);
    child.stderr.off("data", collect).pipe(process.stderr);
  }
  return {
    url: url + spec.basePath,
    exited,
    async stop() {
      process.off("exit", kill);
      if (child.exitCode !== null || child.signalCode !== null) return spec.remove();
      kill();
      await exited;
    },
  };
}
