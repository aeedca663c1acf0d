import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Received } from "./support/fake-trackfinity.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, runCli } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const PASSWORD = "My Secret Pass!";
/** A key with the characters JSON escapes: `"` and `\`. */
const KEY = 'k3y"with\\quote-0f9e8d7c6b5a';
/** The forms the secrets take in the echoes below. */
const FORMS = [PASSWORD, "My+Secret+Pass%21", KEY, JSON.stringify(KEY).slice(1, -1)];

const { inDir, serve } = useTempDirAndFake();

/** A server that refuses every request, echoing its form body and its key (as JSON). */
const echoing = () =>
  serve((request: Received) => ({
    status: 400,
    body: JSON.stringify(`echo: ${request.fields} key ${request.headers["api-key"]}`),
  }));

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) for (const form of FORMS) expect(text).not.toContain(form);
}

describe("a server that echoes the secrets it was sent", () => {
  it("shows the password (URL-encoded) and the key (JSON-escaped) nowhere on stderr", async () => {
    const server = await echoing();
    const env = apiEnv(server.url, { TRACKFINITY_API_KEY: KEY });
    const result = await runCli([CMD, "--customer-id", "191", "--password-stdin"], env, { input: PASSWORD });
    expect(result.code).toBe(3);
    expect(server.received[0]?.fields.toString()).toBe("customer_id=191&password=My+Secret+Pass%21");
    expect(result.stderr).toContain("echo: customer_id=191&password=[redacted] key [redacted]");
    expectNoSecret(result.stdout, result.stderr);
  });

  it("shows them nowhere in --json", async () => {
    const server = await echoing();
    const env = apiEnv(server.url, { TRACKFINITY_API_KEY: KEY });
    const args = [CMD, "--customer-id", "191", "--password-stdin", "--json"];
    const result = await runCli(args, env, { input: PASSWORD });
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, status: 400 });
    expect(result.stdout).toContain("[redacted]");
    expectNoSecret(result.stdout, result.stderr);
  });

  it("writes them nowhere in the bulk report", async () => {
    const server = await echoing();
    const file = inDir("passwords.csv");
    await writeFile(file, `customer_id,password\n191,${PASSWORD}\n`);
    const report = inDir("passwords.ndjson");
    const env = apiEnv(server.url, { TRACKFINITY_API_KEY: KEY });
    const result = await runCli([CMD, "--from", file, "--report", report], env);
    expect(result.code).toBe(3);
    const written = await readFile(report, "utf8");
    expect(written).toContain("[redacted]");
    expectNoSecret(written, result.stdout, result.stderr);
  });
});

describe("a short API key", () => {
  it("garbles no file name or path in the CLI's own messages", async () => {
    const missing = inDir("k.csv");
    const result = await runCli(
      [CMD, "--from", missing],
      apiEnv("http://127.0.0.1:9/api", { TRACKFINITY_API_KEY: "k" }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--from ${missing}: cannot read it (ENOENT).`);
  });
});
