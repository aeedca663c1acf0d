import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../src/cli/doctor.ts";
import { exitCodeFor } from "../../src/cli/errors.ts";
import { type LoopbackListener, listenOnLoopback } from "../support/listen-on-loopback.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, cliEnv, runCli, SENTINEL_KEY, USERNAME } from "./support/run-cli.ts";

const { serve } = useTempDirAndFake();
let certDir: string;
let tlsServer: LoopbackListener & { port: number };

/** The report lines of `doctor` as [mark, step] pairs, e.g. [["ok", "settings"], ["FAIL", "dns"]]. */
const steps = (stdout: string) =>
  stdout
    .split("\n")
    .map((line) => /^(ok|FAIL)\s+(\w+)/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [match[1], match[2]]);

beforeAll(async () => {
  // A self-signed certificate for localhost, made for this run only.
  certDir = await mkdtemp(join(tmpdir(), "trackfinity-doctor-"));
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-keyout",
    join(certDir, "key.pem"),
    "-out",
    join(certDir, "cert.pem"),
  ]);
  const server = createServer(
    { key: await readFile(join(certDir, "key.pem")), cert: await readFile(join(certDir, "cert.pem")) },
    (_request, response) => response.end("true"),
  );
  const listener = await listenOnLoopback(server);
  tlsServer = { ...listener, port: Number(new URL(listener.url).port) };
}, 30_000);

afterAll(async () => {
  await tlsServer?.close();
  await rm(certDir, { recursive: true, force: true });
});

describe("trackfinity doctor", () => {
  it("passes every step against a working install, and exits 0", async () => {
    const server = await serve();
    const result = await runCli(["doctor"], apiEnv(server.url));
    expect(result.code).toBe(0);
    expect(steps(result.stdout)).toEqual([
      ["ok", "settings"],
      ["ok", "dns"],
      ["ok", "tcp"],
      ["ok", "tls"],
      ["ok", "ping"],
    ]);
    expect(result.stdout).toContain("All checks passed");
    expect(server.received.map((r) => [r.method, r.path])).toEqual([["GET", "/api/service/ping"]]);
  });

  it("stops at the settings when none are given, naming each flag and variable, and exits 2", async () => {
    const result = await runCli(["doctor"], cliEnv());
    expect(result.code).toBe(2);
    expect(steps(result.stdout)).toEqual([["FAIL", "settings"]]);
    expect(result.stdout).toContain("--base-url: missing; pass it, or set TRACKFINITY_BASE_URL");
    expect(result.stdout).toContain("--api-key: missing; pass it, or set TRACKFINITY_API_KEY");
    expect(result.stdout).toMatch(/Likely cause: .*\nFix: /);
  });

  it("stops at the settings for http:// to a remote host, and exits 2", async () => {
    const result = await runCli(["doctor"], apiEnv("http://tracking.example.test/api"));
    expect(result.code).toBe(2);
    expect(steps(result.stdout)).toEqual([["FAIL", "settings"]]);
    expect(result.stdout).toContain("use https: or --allow-insecure-http");
  });

  it("stops at DNS when the host does not resolve (an injected resolver: no name leaves the machine)", async () => {
    const looked: string[] = [];
    const report = await diagnose(
      { baseUrl: "https://tracking.invalid/api", apiKey: SENTINEL_KEY, apiUsername: USERNAME },
      async (hostname) => {
        looked.push(hostname);
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
      },
    );
    expect(looked).toEqual(["tracking.invalid"]);
    expect(report.steps.map((s) => [s.ok, s.step])).toEqual([
      [true, "settings"],
      [false, "dns"],
    ]);
    expect(report.failure?.cause).toContain("the host name tracking.invalid does not resolve (ENOTFOUND)");
    expect(report.failure?.fix).toContain("--base-url/TRACKFINITY_BASE_URL");
    expect(exitCodeFor(report.failure?.error)).toBe(4);
  });

  it("stops at TCP when nothing listens, and exits 4", async () => {
    const server = await serve();
    const url = server.url;
    await server.close();
    const result = await runCli(["doctor"], apiEnv(url));
    expect(result.code).toBe(4);
    expect(steps(result.stdout)).toEqual([
      ["ok", "settings"],
      ["ok", "dns"],
      ["FAIL", "tcp"],
    ]);
    expect(result.stdout).toContain("Likely cause: nothing accepts connections on 127.0.0.1:");
  });

  it("stops at TLS for a self-signed certificate, naming the fix, and exits 4", async () => {
    const result = await runCli(["doctor"], apiEnv(`https://localhost:${tlsServer.port}/api`));
    expect(result.code).toBe(4);
    expect(steps(result.stdout)).toEqual([
      ["ok", "settings"],
      ["ok", "dns"],
      ["ok", "tcp"],
      ["FAIL", "tls"],
    ]);
    expect(result.stdout).toContain("localhost → 127.0.0.1");
    expect(result.stdout).toContain("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(result.stdout).toContain("NODE_EXTRA_CA_CERTS");
  });

  it.each([401, 404])(
    "stops at the ping for a %i: a wrong key or user name, or the IP allow-list; exits 3",
    async (status) => {
      const server = await serve(() => ({ status, body: '"denied"' }));
      const result = await runCli(["doctor"], apiEnv(server.url));
      expect(result.code).toBe(3);
      expect(steps(result.stdout).at(-1)).toEqual(["FAIL", "ping"]);
      expect(result.stdout).toContain(
        "Likely cause: a wrong API key or user name, or this machine's IP address is not on the install's admin API allow-list",
      );
      expect(result.stdout).toContain(
        "Fix: check --api-key/TRACKFINITY_API_KEY and --api-username/TRACKFINITY_API_USERNAME",
      );
    },
  );

  it("says a base URL without /api probably lacks the API root, and blames neither the lookup id nor the credentials", async () => {
    const server = await serve(() => ({ status: 404, body: '"Not Found"' }));
    const withoutApi = server.url.replace(/\/api$/, "");
    const result = await runCli(["doctor"], apiEnv(withoutApi));
    expect(result.code).toBe(3);
    expect(steps(result.stdout).at(-1)).toEqual(["FAIL", "ping"]);
    expect(result.stdout).toContain(
      "Likely cause: the base URL probably lacks the install's API root, which ends in /api",
    );
    expect(result.stdout).toContain(`Fix: set --base-url/TRACKFINITY_BASE_URL to ${server.url}.`);
    expect(result.stdout).toContain(
      `--base-url/TRACKFINITY_BASE_URL probably lacks the install's API root: set it to ${server.url}.`,
    );
    expect(result.stdout).not.toMatch(/lookup id|API key|api-key/i);
  });

  it("prints one JSON object with --json", async () => {
    const server = await serve(() => ({ status: 401, body: '"denied"' }));
    const result = await runCli(["doctor", "--json"], apiEnv(server.url));
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: false,
      exitCode: 3,
      cause: expect.any(String),
      fix: expect.any(String),
    });
    expect(report.steps.map((s: { step: string }) => s.step)).toEqual([
      "settings",
      "dns",
      "tcp",
      "tls",
      "ping",
    ]);
  });
});
