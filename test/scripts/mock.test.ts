import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `npm run mock` as a user runs it in a terminal (without npm's own banner), in a process group of
 * its own as a terminal's Ctrl-C signals it, with its output collected. `exited` settles once every
 * process of the run that holds its output (npm, the mock, Prism) has ended.
 */
function runMock(port: number) {
  const child = spawn("npm", ["run", "--silent", "mock"], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr += chunk;
  });
  const exited = once(child, "close").then(([code, signal]) => (code as number | null) ?? signal);
  return { child, output, exited };
}

/** Resolves once the mock's stdout contains `text`; rejects if it exits first. */
function untilPrinted(mock: ReturnType<typeof runMock>, text: string) {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (mock.output.stdout.includes(text)) resolve();
    };
    mock.child.stdout.on("data", check);
    void mock.exited.then((code) =>
      reject(new Error(`the mock exited (${code}):\n${mock.output.stdout}${mock.output.stderr}`)),
    );
    check();
  });
}

/** Every process below `pid`, read from Linux's /proc. */
function descendants(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean);
  return children.map(Number).flatMap((child) => [child, ...descendants(child)]);
}

/** A node:net server holding a port on 127.0.0.1 that never answers. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => {});
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { server, port: address.port };
}

const started: ChildProcess[] = [];
const held: Server[] = [];

/** Signals every process of the run (npm, the mock, Prism), as a terminal does. */
function signalRun(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) throw new Error("the mock did not start");
  process.kill(-child.pid, signal);
}

afterEach(async () => {
  // Whatever is left of a run that failed, npm gone or not.
  for (const child of started.splice(0)) {
    try {
      signalRun(child, "SIGKILL");
    } catch {
      // The run has ended.
    }
  }
  for (const server of held.splice(0)) server.close();
});

describe("npm run mock", () => {
  it("exits 1 with one line saying the port is taken, when another process holds it", async () => {
    const { server, port } = await holdPort();
    held.push(server);
    const mock = runMock(port);
    started.push(mock.child);

    expect(await mock.exited).toBe(1);
    expect(mock.output.stdout).toBe("");
    expect(mock.output.stderr).toBe(
      `mock: 127.0.0.1:${port} is already in use by another process; stop it, or pick another port: PORT=${port + 1} npm run mock\n`,
    );
  }, 30_000);

  it("shows Prism's log without a NO_PATH_MATCHED line once it listens, answers, and stops on Ctrl-C", async () => {
    const { server, port } = await holdPort();
    server.close();
    await once(server, "close");
    const mock = runMock(port);
    started.push(mock.child);

    await untilPrinted(mock, `mock: Prism answers at http://127.0.0.1:${port}/api`);
    const ping = await fetch(`http://127.0.0.1:${port}/api/service/ping`, {
      headers: { "api-key": "k", "api-username": "u" },
    });
    expect(ping.status).toBe(200);
    expect(mock.output.stdout).toContain(`Prism is listening on http://127.0.0.1:${port}`);
    expect(mock.output.stdout + mock.output.stderr).not.toContain("NO_PATH_MATCHED");

    signalRun(mock.child, "SIGINT");
    expect(await mock.exited).toBe("SIGINT");
    expect(mock.output.stderr).toBe("");
    const refused = await fetch(`http://127.0.0.1:${port}/api/service/ping`).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
  }, 30_000);

  it("exits 1 with one line when Prism stops by itself", async () => {
    const { server, port } = await holdPort();
    server.close();
    await once(server, "close");
    const mock = runMock(port);
    started.push(mock.child);
    await untilPrinted(mock, "mock: Prism answers at");
    const prism = descendants(mock.child.pid ?? 0).find((pid) => {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      return args.includes("mock") && args[args.indexOf("-p") + 1] === String(port);
    });
    if (prism === undefined) throw new Error(`no Prism process below the mock:\n${mock.output.stdout}`);

    process.kill(prism, "SIGKILL");

    expect(await mock.exited).toBe(1);
    expect(mock.output.stderr).toBe("mock: Prism stopped by itself (SIGKILL); the mock is down.\n");
  }, 30_000);
});
