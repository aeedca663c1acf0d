import { afterEach, describe, expect, inject, it } from "vitest";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { type Answer, type FakeTrackfinity, startFakeTrackfinity } from "./support/fake-trackfinity.ts";
import { apiEnv, cliEnv, finish, runCli, SENTINEL_KEY, startCli, USERNAME } from "./support/run-cli.ts";

const { details: DETAIL_FIELDS } = OPERATIONS.setCustomerDetails;

const CMD = "set-customer-details";
let fake: FakeTrackfinity | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function fakeAnswering(answer: Answer): Promise<FakeTrackfinity> {
  fake = await startFakeTrackfinity(() => answer);
  return fake;
}

describe("one update against the Prism mock", () => {
  it("updates a customer from flags and exits 0", async () => {
    const result = await runCli(
      [CMD, "--customer-id", "191", "--firstname", "Test", "--zip", "66666", "--remove", "address2"],
      apiEnv(inject("prismUrl")),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Set customer details: done for customer_id 191.\n");
  });

  it("prints one JSON object with --json", async () => {
    const result = await runCli(
      [CMD, "--subscription-id", "SUB-2041", "--email", "t@example.com", "--json"],
      apiEnv(inject("prismUrl")),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, subscription_id: "SUB-2041" });
  });

  it("takes the base URL, user name and key from flags when the environment has none", async () => {
    const result = await runCli(
      [
        CMD,
        "--customer-id",
        "7",
        "--city",
        "Springfield",
        "--base-url",
        inject("prismUrl"),
        "--api-username",
        USERNAME,
        "--api-key",
        SENTINEL_KEY,
      ],
      cliEnv(),
    );
    expect(result.code).toBe(0);
  });
});

describe("what goes on the wire", () => {
  it("sends the fields, REMOVE for --remove, and both credential headers", async () => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const result = await runCli(
      [CMD, "--customer-id", "191", "--firstname", "Zoë & Co", "--remove", "address2", "--remove", "custom1"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request?.method).toBe("PATCH");
    expect(request?.path).toBe("/api/customer/set_customer_details");
    expect(request?.headers["api-key"]).toBe(SENTINEL_KEY);
    expect(request?.headers["api-username"]).toBe(USERNAME);
    expect(Object.fromEntries(request?.fields ?? [])).toEqual({
      customer_id: "191",
      firstname: "Zoë & Co",
      address2: "REMOVE",
      custom1: "REMOVE",
    });
  });

  it("has a flag for every detail field of the spec, each reaching the wire", async () => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const flags = DETAIL_FIELDS.flatMap((field) => [`--${field}`, `value of ${field}`]);
    const result = await runCli([CMD, "--customer-id", "1", ...flags], apiEnv(server.url));
    expect(result.code).toBe(0);
    const sent = Object.fromEntries(server.received[0]?.fields ?? []);
    expect(sent).toEqual({
      customer_id: "1",
      ...Object.fromEntries(DETAIL_FIELDS.map((field) => [field, `value of ${field}`])),
    });
  });

  it("prefers flags over the environment", async () => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const result = await runCli(
      [CMD, "--customer-id", "1", "--zip", "1", "--base-url", server.url, "--api-username", "from-flag"],
      apiEnv("https://unused.example.test/api", { TRACKFINITY_API_USERNAME: "from-env" }),
    );
    expect(result.code).toBe(0);
    expect(server.received[0]?.headers["api-username"]).toBe("from-flag");
  });

  it("reads the new password from standard input with --password-stdin", async () => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const result = await runCli([CMD, "--customer-id", "191", "--password-stdin"], apiEnv(server.url), {
      input: "correct horse battery\n",
    });
    expect(result.code).toBe(0);
    expect(server.received[0]?.fields.get("password")).toBe("correct horse battery");
    expect(result.stdout + result.stderr).not.toContain("correct horse");
  });
});

describe("--dry-run", () => {
  it("prints the request with key and password masked, and sends nothing", async () => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const result = await runCli(
      [
        CMD,
        "--customer-id",
        "191",
        "--firstname",
        "Test",
        "--remove",
        "address2",
        "--password-stdin",
        "--dry-run",
      ],
      apiEnv(server.url),
      { input: "hunter2-secret\n" },
    );
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(0);
    expect(result.stdout).toContain(`PATCH ${server.url}/customer/set_customer_details`);
    expect(result.stdout).toContain("api-key: [redacted]");
    expect(result.stdout).toContain(`api-username: ${USERNAME}`);
    expect(result.stdout).toContain("content-type: application/x-www-form-urlencoded");
    expect(result.stdout).toContain("customer_id=191&firstname=Test&password=********&address2=REMOVE");
    expect(result.stdout).not.toContain("hunter2");
  });

  it("prints the same request as JSON with --json", async () => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const result = await runCli(
      [CMD, "--customer-id", "191", "--password", "p4ss-word", "--dry-run", "--json"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      dryRun: true,
      method: "PATCH",
      url: `${server.url}/customer/set_customer_details`,
      headers: {
        "api-key": "[redacted]",
        "api-username": USERNAME,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "customer_id=191&password=********",
    });
  });
});

describe("refused before anything is sent (exit 2)", () => {
  it.each([
    ["a literal REMOVE value", ["--customer-id", "1", "--firstname", "REMOVE"], "use --remove firstname"],
    [
      "both lookup ids",
      ["--customer-id", "1", "--subscription-id", "S", "--zip", "1"],
      "--customer-id or --subscription-id: pass only one",
    ],
    ["no lookup id", ["--zip", "1"], "--customer-id or --subscription-id: missing"],
    ["no field", ["--customer-id", "1"], "set at least one field"],
    [
      "--remove password",
      ["--customer-id", "1", "--remove", "password"],
      "password can be set but never removed",
    ],
    ["--remove of an unknown field", ["--customer-id", "1", "--remove", "adress2"], "Did you mean address2?"],
    ["a field set and removed", ["--customer-id", "1", "--zip", "1", "--remove", "zip"], "contradict"],
    ["a positional argument", ["--customer-id", "1", "--zip", "1", "stray"], "Unexpected argument"],
    ["a value-less flag", ["--customer-id"], "--customer-id needs a value."],
    [
      "a flag followed by another flag instead of its value",
      ["--customer-id", "1", "--firstname", "--dry-run"],
      "--firstname needs a value, but is followed by --dry-run",
    ],
    ["an empty --password-stdin", ["--customer-id", "1", "--password-stdin"], "standard input was empty"],
  ])("%s", async (_name, args, message) => {
    const server = await fakeAnswering({ status: 200, body: "true" });
    const result = await runCli([CMD, ...args], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(server.received).toHaveLength(0);
  });

  it("names the missing settings as flags and environment variables", async () => {
    const result = await runCli([CMD, "--customer-id", "1", "--zip", "1"], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--base-url: missing; pass it, or set TRACKFINITY_BASE_URL");
    expect(result.stderr).toContain("--api-key: missing; pass it, or set TRACKFINITY_API_KEY");
    expect(result.stderr).toContain("--api-username: missing; pass it, or set TRACKFINITY_API_USERNAME");
  });

  it("refuses http:// to a remote host unless --allow-insecure-http", async () => {
    const result = await runCli(
      [CMD, "--customer-id", "1", "--zip", "1", "--dry-run"],
      apiEnv("http://tracking.example.test/api"),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("use https: or --allow-insecure-http");
    const allowed = await runCli(
      [CMD, "--customer-id", "1", "--zip", "1", "--dry-run", "--allow-insecure-http"],
      apiEnv("http://tracking.example.test/api"),
    );
    expect(allowed.code).toBe(0);
  });

  it("reports validation problems as JSON with --json", async () => {
    const result = await runCli([CMD, "--customer-id", "1", "--json"], apiEnv("https://t.example.test/api"));
    expect(result.code).toBe(2);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ ok: false, exitCode: 2, error: "TrackfinityValidationError" });
    expect(output.issues).toEqual([{ field: "fields", message: expect.stringContaining("--remove FIELD") }]);
  });
});

describe("exit codes for server answers", () => {
  it.each([
    [404, "TrackfinityApiError", 3],
    [400, "TrackfinityApiError", 3],
    [401, "TrackfinityApiError", 3],
    [405, "TrackfinityApiError", 3],
    [302, "TrackfinityApiError", 3],
    [503, "TrackfinityApiError", 4],
    [429, "TrackfinityApiError", 4],
  ])("answers %i → %s, exit %i", async (status, name, code) => {
    const server = await fakeAnswering({
      status,
      body: JSON.stringify(`no: ${status}`),
      headers: { "retry-after": "0" },
    });
    const result = await runCli(
      [CMD, "--customer-id", "9", "--zip", "1", "--max-retries", "1", "--patience", "0s", "--json"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(code);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, exitCode: code, error: name, status });
  });

  it("retries a 503 before giving up (the client's retries, with no patience)", async () => {
    const server = await fakeAnswering({ status: 503, body: "busy", headers: { "retry-after": "0" } });
    const result = await runCli(
      [CMD, "--customer-id", "9", "--zip", "1", "--max-retries", "2", "--patience", "0s"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(4);
    expect(server.received).toHaveLength(3);
    expect(result.stderr).toContain("Trackfinity failed: PATCH");
    expect(result.stderr).toContain("The install may be down or in maintenance; try again later.");
  });

  it("exits 3 when a 2xx answer is not true", async () => {
    const server = await fakeAnswering({ status: 200, body: "<html>login</html>" });
    const result = await runCli([CMD, "--customer-id", "9", "--zip", "1"], apiEnv(server.url));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(", but expected the JSON value true.");
  });

  it("exits 4 when nothing listens at the base URL", async () => {
    const server = await startFakeTrackfinity();
    const url = server.url;
    await server.close();
    const result = await runCli([CMD, "--customer-id", "9", "--zip", "1", "--max-retries", "0"], apiEnv(url));
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /Could not reach http:\/\/127\.0\.0\.1:\d+\/api\/customer\/set_customer_details: connect ECONNREFUSED/,
    );
  });

  it("exits 130 when Ctrl-C interrupts the update in flight", async () => {
    const server = await fakeAnswering({ status: 200, hold: true });
    const child = startCli([CMD, "--customer-id", "9", "--zip", "1"], apiEnv(server.url));
    const done = finish(child);
    child.stdin?.end();
    while (server.received.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("interrupted; the call may or may not have reached the server");
  });

  it("never prints the API key, even when the server echoes it back", async () => {
    const server = await fakeAnswering({
      status: 400,
      body: `bad key ${SENTINEL_KEY}`,
      headers: { "x-echo": SENTINEL_KEY },
    });
    for (const extra of [[], ["--json"], ["--verbose"]]) {
      const result = await runCli([CMD, "--customer-id", "9", "--zip", "1", ...extra], apiEnv(server.url));
      expect(result.code).toBe(3);
      expect(result.stdout + result.stderr).toContain("[redacted]");
    }
  });
});
