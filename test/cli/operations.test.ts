import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { parseReport } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, cliEnv, runCli, USERNAME } from "./support/run-cli.ts";

const { inDir, serve } = useTempDirAndFake();

describe("lock-customer and unlock-customer", () => {
  it.each([
    ["lock-customer", "/api/customer/lock"],
    ["unlock-customer", "/api/customer/unlock"],
  ])("%s sends the one lookup flag given, and exits 0", async (command, path) => {
    const server = await serve();
    const result = await runCli([command, "--orderid", "EVT-1"], apiEnv(server.url));
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toMatch(/: done for orderid EVT-1\.\n$/);
    expect(server.received.map((r) => [r.method, r.path, r.fields.toString()])).toEqual([
      ["PATCH", path, "orderid=EVT-1"],
    ]);
  });

  it("works against the Prism mock, with --json", async () => {
    const result = await runCli(
      ["unlock-customer", "--subscription-id", "SUB-2041", "--json"],
      apiEnv(inject("prismUrl")),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, subscription_id: "SUB-2041" });
  });

  it("refuses two lookup flags, and offers no field, --remove or secret flags", async () => {
    const server = await serve();
    const two = await runCli(["lock-customer", "--customer-id", "1", "--orderid", "2"], apiEnv(server.url));
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("--customer-id, --subscription-id or --orderid: pass only one");
    for (const flag of ["--firstname", "--remove", "--password-stdin", "--remove-token"]) {
      const result = await runCli(["lock-customer", "--customer-id", "1", flag, "x"], apiEnv(server.url));
      expect([flag, result.code, result.stderr]).toEqual([
        flag,
        2,
        expect.stringContaining(`Unknown option '${flag}'`),
      ]);
    }
    expect(server.received).toHaveLength(0);
  });

  it("prints the request with --dry-run and sends nothing", async () => {
    const server = await serve();
    const result = await runCli(["lock-customer", "--customer-id", "191", "--dry-run"], apiEnv(server.url));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`PATCH ${server.url}/customer/lock\n`);
    expect(result.stdout).toMatch(/\n\ncustomer_id=191\n$/);
    expect(server.received).toHaveLength(0);
  });

  it("locks every row of a file, with a report, and resumes it", async () => {
    const server = await serve((request) =>
      request.fields.get("orderid") === "E-3"
        ? { status: 503, body: '"busy"' }
        : { status: 200, body: "true" },
    );
    const file = inDir("locks.csv");
    await writeFile(file, "customer_id,subscription_id,orderid\n1,,\n,S-2,\n,,E-3\n");
    const report = inDir("locks.ndjson");
    const first = await runCli(
      ["lock-customer", "--from", file, "--report", report, "--max-retries", "0", "--patience", "0s"],
      apiEnv(server.url),
    );
    expect(first.code).toBe(4);
    const entries = parseReport(await readFile(report, "utf8"));
    expect(entries.map((e) => [e.line, e.ok]).sort()).toEqual([
      [2, true],
      [3, true],
      [4, false],
    ]);
    const again = await runCli(
      ["lock-customer", "--from", file, "--resume", report, "--max-retries", "0", "--patience", "0s"],
      apiEnv(server.url),
    );
    expect(again.stdout).toContain("0 ok, 1 failed");
    expect(server.received.map((r) => r.fields.toString())).toEqual([
      expect.any(String),
      expect.any(String),
      "orderid=E-3",
      "orderid=E-3",
    ]);
  });
});

describe("ping", () => {
  it("prints the answer of the Prism mock", async () => {
    const result = await runCli(["ping"], apiEnv(inject("prismUrl")));
    expect([result.code, result.stdout]).toEqual([0, "Ping the API: answered true.\n"]);
    const json = await runCli(["ping", "--json"], apiEnv(inject("prismUrl")));
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, answer: true });
  });

  it("sends a GET with no body and exits 3 when the credentials are refused, naming the flags to check", async () => {
    const server = await serve(() => ({ status: 401, body: '"denied"' }));
    const result = await runCli(["ping"], apiEnv(server.url));
    expect(result.code).toBe(3);
    expect(server.received.map((r) => [r.method, r.path])).toEqual([["GET", "/api/service/ping"]]);
    expect(result.stderr).toContain(
      "Check --api-key/TRACKFINITY_API_KEY and --api-username/TRACKFINITY_API_USERNAME, and that this machine's IP address",
    );
    expect(result.stderr).not.toMatch(/\bapiKey\b|\bapiUsername\b/);
  });

  it("has no --from: it takes no params", async () => {
    const result = await runCli(["ping", "--from", "x.csv"], apiEnv("https://t.example.test/api"));
    expect(result.code).toBe(2);
  });
});

describe("secrets given as flags", () => {
  it("warn on stderr, naming the safer way, and still run", async () => {
    const server = await serve();
    const env = cliEnv({ TRACKFINITY_BASE_URL: server.url, TRACKFINITY_API_USERNAME: USERNAME });
    const result = await runCli(
      ["set-customer-details", "--customer-id", "1", "--password", "hunter2-pw", "--api-key", "flag-key-123"],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "warning: --api-key puts the admin key in your shell history and in ps; set TRACKFINITY_API_KEY instead.",
    );
    expect(result.stderr).toContain(
      "warning: --password puts the password in your shell history and in ps; pipe it to --password-stdin instead.",
    );
    expect(result.stdout + result.stderr).not.toContain("hunter2-pw");
  });

  it("say nothing when the key comes from the environment and the password from stdin", async () => {
    const server = await serve();
    const result = await runCli(
      ["set-customer-details", "--customer-id", "1", "--password-stdin"],
      apiEnv(server.url),
      {
        input: "hunter2-pw\n",
      },
    );
    expect([result.code, result.stderr]).toEqual([0, ""]);
  });
});

describe("a short test key", () => {
  it("prints valid JSON and whole words with --dry-run --json (key a)", async () => {
    const result = await runCli(
      ["set-customer-details", "--customer-id", "1", "--firstname", "Ann", "--dry-run", "--json"],
      apiEnv("http://127.0.0.1:9/api", { TRACKFINITY_API_KEY: "a", TRACKFINITY_API_USERNAME: "tf_admin" }),
    );
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.headers).toEqual({
      "api-key": "[redacted]",
      "api-username": "tf_admin",
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(output.body).toBe("customer_id=1&firstname=Ann");
  });

  it("leaves trackfinity and api-key whole in text output (key k)", async () => {
    const result = await runCli(
      ["set-customer-details", "--customer-id", "1", "--firstname", "Ann", "--dry-run"],
      apiEnv("http://127.0.0.1:9/api", { TRACKFINITY_API_KEY: "k" }),
    );
    expect(result.stdout).toContain("api-key: [redacted]\n");
    expect(result.stdout).not.toMatch(/\[redacted\]\w|\w\[redacted\]/);
  });

  it("turns no success into a failure (key true, server answers true)", async () => {
    const server = await serve();
    const result = await runCli(
      ["lock-customer", "--customer-id", "1"],
      apiEnv(server.url, { TRACKFINITY_API_KEY: "true" }),
    );
    expect(result.code).toBe(0);
  });
});
