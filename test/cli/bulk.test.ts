import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { parseReport, writeCustomersCsv } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, runCli, SENTINEL_KEY } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const { inDir, serve: fakeAnswering } = useTempDirAndFake();

async function write(name: string, text: string): Promise<string> {
  const path = inDir(name);
  await writeFile(path, text);
  return path;
}

describe("--dry-run of a file", () => {
  it("reports every bad CSV row with its line number and sends nothing", async () => {
    const server = await fakeAnswering();
    const file = await write(
      "bad.csv",
      [
        "customer_id,subscription_id,firstname,zip,password",
        "1,,Ann,11111,", // line 2: valid
        "2,,REMOVE,,", // line 3: literal REMOVE
        "3,SUB-3,Bo,,", // line 4: both lookups
        "", // line 5: blank, skipped
        "4,,,,", // line 6: no field
        ',,"multi', // line 7-8: a quoted line break, no lookup
        'line",,', //
        "5,,Cy", // line 9: too few cells
        "6,,Di,22222,", // line 10: valid
      ].join("\n"),
    );
    const result = await runCli([CMD, "--from", file, "--dry-run"], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(server.received).toHaveLength(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^line 3: firstname: the value "REMOVE" would delete this field.*--remove-token/),
      expect.stringMatching(/^line 4: customer_id or subscription_id: pass only one$/),
      expect.stringMatching(/^line 6: fields: the row sets no field/),
      expect.stringMatching(/^line 7: customer_id or subscription_id: missing/),
      expect.stringMatching(/^line 9: row: has 3 cells, but the header row has 5/),
    ]);
    expect(result.stdout).toContain("Checked 7 rows");
    expect(result.stdout).toContain("2 valid, 5 invalid");
    expect(result.stdout).toContain("nothing was sent");
  });

  it("reports a bad header once, with a suggestion, and counts no row as checked", async () => {
    const file = await write("header.csv", "customer_id,fristname\n1,Ann\n2,Bo\n");
    const result = await runCli([CMD, "--from", file, "--dry-run"], apiEnv("https://t.example.test/api"));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'line 1: bad header row: column 2 "fristname" is not a field; did you mean firstname?\n',
    );
    expect(result.stdout).toContain(
      'can\'t be read as a whole (line 1: bad header row: column 2 "fristname" is not a field; did you mean firstname?): nothing was sent.',
    );
    expect(result.stdout).not.toMatch(/Checked \d+ rows?/);
  });

  it("counts the lines an unclosed quote swallows as the rows they are in the file", async () => {
    const file = await write("quote.csv", 'customer_id,firstname\n1,Ann\n2,"Bo\n3,Cy\n4,Di\n');
    const result = await runCli([CMD, "--from", file, "--dry-run"], apiEnv("https://t.example.test/api"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^line 3: row: not valid CSV .*joins lines 3-5, so none of them was read\n$/,
    );
    expect(result.stdout).toContain("Checked 4 rows of");
    expect(result.stdout).toContain("1 valid, 3 invalid");
  });

  it("says 1 cell, not 1 cells", async () => {
    const file = await write("cells.csv", "customer_id,firstname\n1\n");
    const result = await runCli([CMD, "--from", file, "--dry-run"], apiEnv("https://t.example.test/api"));
    expect(result.stderr).toContain("line 2: row: has 1 cell, but the header row has 2");
  });

  it("reports every bad NDJSON line, as JSON lines with --json", async () => {
    const file = await write(
      "bad.ndjson",
      [
        '{"customer_id": 1, "firstname": "Ann"}',
        "{not json",
        "[1, 2]",
        '{"customer_id": "2", "zip": 66666}',
        "",
        '{"customer_id": "3", "fristname": "Bo"}',
        '{"subscription_id": "S-4", "address2": null}',
      ].join("\n"),
    );
    const result = await runCli(
      [CMD, "--from", file, "--dry-run", "--json"],
      apiEnv("https://t.example.test/api"),
    );
    expect(result.code).toBe(2);
    const out = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(out.filter((o) => o.type === "invalid-row").map((o) => [o.line, o.issues[0].field])).toEqual([
      [2, "row"],
      [3, "row"],
      [4, "zip"],
      [6, "fristname"],
      [7, "address2"],
    ]);
    expect(out.at(-1)).toMatchObject({
      type: "summary",
      ok: false,
      exitCode: 2,
      rows: 6,
      invalid: 5,
      dryRun: true,
    });
  });

  it("exits 0 and sends nothing when every row is valid", async () => {
    const server = await fakeAnswering();
    const file = inDir("valid.csv");
    await writeCustomersCsv(file, 50);
    const result = await runCli([CMD, "--from", file, "--dry-run"], apiEnv(server.url));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Checked 50 rows");
    expect(server.received).toHaveLength(0);
  });
});

describe("a bulk run", () => {
  it("validates every row first: one bad row means nothing is sent", async () => {
    const server = await fakeAnswering();
    const file = await write("one-bad.csv", "customer_id,firstname\n1,Ann\n2,Bo\n3,REMOVE\n4,Cy\n");
    const result = await runCli(
      [CMD, "--from", file, "--report", inDir("one-bad.ndjson")],
      apiEnv(server.url),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("line 4: firstname");
    expect(server.received).toHaveLength(0);
  });

  it("updates every row of a CSV against the Prism mock and reports each", async () => {
    const file = await write(
      "prism.csv",
      [
        "customer_id,subscription_id,firstname,address2,custom1",
        "191,,Test,{REMOVE},",
        ",SUB-2041,,,loyalty-gold",
        ...Array.from({ length: 18 }, (_, i) => `${200 + i},,Name ${i},,`),
      ].join("\n"),
    );
    const report = inDir("prism.ndjson");
    const result = await runCli(
      [CMD, "--from", file, "--report", report, "--remove-token", "{REMOVE}", "--concurrency", "4"],
      apiEnv(inject("prismUrl")),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Done: 20 ok, 0 failed");
    const entries = parseReport(await readFile(report, "utf8"));
    expect(entries).toHaveLength(20);
    expect(entries.every((e) => e.ok === true)).toBe(true);
    expect(entries.find((e) => e.line === 3)).toEqual({
      line: 3,
      subscription_id: "SUB-2041",
      row: expect.stringMatching(/^[0-9a-f]{8}$/),
      ok: true,
    });
  });

  it("sends the removal token as REMOVE only when --remove-token names it", async () => {
    const file = await write("token.ndjson", '{"customer_id": "1", "address2": "{REMOVE}", "city": "x"}\n');
    const server = await fakeAnswering();
    expect((await runCli([CMD, "--from", file, "--remove-token", "{REMOVE}"], apiEnv(server.url))).code).toBe(
      0,
    );
    expect((await runCli([CMD, "--from", file, "--remove-token", "<del>"], apiEnv(server.url))).code).toBe(0);
    expect(server.received.map((r) => r.fields.get("address2"))).toEqual(["REMOVE", "{REMOVE}"]);
  });

  it("refuses a {REMOVE} cell without --remove-token, naming the flag, instead of storing the text", async () => {
    const file = await write("no-token.csv", "customer_id,city,address2\n1,x,{REMOVE}\n");
    const server = await fakeAnswering();
    const result = await runCli([CMD, "--from", file], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("line 2: address2:");
    expect(result.stderr).toContain("pass --remove-token '{REMOVE}'");
    expect(server.received).toHaveLength(0);
    const dryRun = await runCli([CMD, "--from", file, "--dry-run"], apiEnv(server.url));
    expect(dryRun.code).toBe(2);
  });

  it("records a failing subset in the report, lists it, and exits 3 for 4xx", async () => {
    const server = await fakeAnswering((r) =>
      Number(r.fields.get("customer_id")) % 5 === 0
        ? { status: 404, body: '"no such customer"' }
        : { status: 200, body: "true" },
    );
    const file = inDir("subset.csv");
    await writeCustomersCsv(file, 40);
    const report = inDir("subset.ndjson");
    const result = await runCli(
      [CMD, "--from", file, "--report", report, "--concurrency", "8"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("Done: 32 ok, 8 failed (8 TrackfinityApiError)");
    const entries = parseReport(await readFile(report, "utf8"));
    expect(entries.map((e) => e.line).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    const failed = entries.filter((e) => !e.ok);
    expect(failed.map((e) => Number(e.customer_id)).sort((a, b) => a - b)).toEqual([
      5, 10, 15, 20, 25, 30, 35, 40,
    ]);
    for (const entry of failed) {
      expect(entry).toMatchObject({ error: "TrackfinityApiError", status: 404 });
      expect(entry.message).toContain("no such customer");
      expect(entry.line).toBe(Number(entry.customer_id) + 1);
      expect(result.stderr).toContain(`line ${entry.line}: Trackfinity refused`);
    }
    expect(server.received).toHaveLength(40);
  });

  it("exits 4 when some rows failed with server errors after the retries", async () => {
    const server = await fakeAnswering((r) =>
      r.fields.get("customer_id") === "3"
        ? { status: 503, body: "busy", headers: { "retry-after": "0" } }
        : r.fields.get("customer_id") === "4"
          ? { status: 404, body: "" }
          : { status: 200, body: "true" },
    );
    const file = inDir("server.csv");
    await writeCustomersCsv(file, 6);
    const result = await runCli(
      [CMD, "--from", file, "--max-retries", "1", "--patience", "0s", "--json"],
      apiEnv(server.url),
    );
    expect(result.code).toBe(4);
    const out = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(out.filter((o) => o.type === "row")).toHaveLength(6);
    expect(out.at(-1)).toMatchObject({
      type: "summary",
      exitCode: 4,
      succeeded: 4,
      failed: 2,
      errors: { TrackfinityApiError: 2 },
    });
    expect(server.received.filter((r) => r.fields.get("customer_id") === "3")).toHaveLength(2);
  });

  it("keeps at most --concurrency requests in flight", async () => {
    const server = await fakeAnswering(() => ({ status: 200, body: "true", delayMs: 40 }));
    const file = inDir("pool.csv");
    await writeCustomersCsv(file, 30);
    const result = await runCli([CMD, "--from", file, "--concurrency", "3"], apiEnv(server.url));
    expect(result.code).toBe(0);
    expect(server.received).toHaveLength(30);
    expect(server.maxInFlight).toBe(3);
  });

  it.each([
    ["the credentials are refused (401)", 401, {}],
    [
      "the base URL redirects (302)",
      302,
      { location: "https://elsewhere.example.test/api/customer/set_customer_details" },
    ],
    ["the base URL is not an API root (405)", 405, {}],
  ])("stops taking rows when %s, instead of failing every row", async (_name, status, headers) => {
    const server = await fakeAnswering(() => ({ status, body: '"no"', headers }));
    const file = inDir(`stop-${status}.csv`);
    await writeCustomersCsv(file, 200);
    const report = inDir(`stop-${status}.ndjson`);
    const result = await runCli(
      [CMD, "--from", file, "--concurrency", "2", "--report", report],
      apiEnv(server.url),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("Stopped early");
    expect(server.received.length).toBeLessThanOrEqual(2);
    expect(parseReport(await readFile(report, "utf8")).length).toBe(server.received.length);
    expect(result.stdout).toMatch(/Stopped early: 0 ok, \d failed/);
  });

  it("never writes the API key into the report, even when the server echoes it", async () => {
    const server = await fakeAnswering(() => ({ status: 400, body: `key was ${SENTINEL_KEY}` }));
    const file = inDir("echo.csv");
    await writeCustomersCsv(file, 3);
    const report = inDir("echo.ndjson");
    const result = await runCli([CMD, "--from", file, "--report", report], apiEnv(server.url));
    expect(result.code).toBe(3);
    const text = await readFile(report, "utf8");
    expect(text).not.toContain(SENTINEL_KEY);
    expect(text).toContain("[redacted]");
  });
});

describe("bulk flags refused before reading (exit 2)", () => {
  it.each([
    ["a field flag with --from", ["--from", "x.csv", "--firstname", "A"], "drop --firstname"],
    ["an unknown extension", ["--from", "x.txt"], "pass --format csv or --format ndjson"],
    ["a missing file", ["--from", "/nonexistent/x.csv"], "cannot read it (ENOENT)"],
    ["standard input", ["--from", "-", "--format", "csv"], "read twice"],
    [
      "a report in a missing folder",
      ["--from", "x.csv", "--report", "/nonexistent/r.ndjson"],
      "cannot write it (ENOENT)",
    ],
    ["an empty --remove-token", ["--from", "x.csv", "--remove-token", ""], "must not be empty"],
    ["--concurrency 0", ["--from", "x.csv", "--concurrency", "0"], "from 1 to 64"],
    ["--report with --dry-run", ["--from", "x.csv", "--dry-run", "--report", "r.ndjson"], "writes no report"],
    [
      "--resume of a missing report",
      ["--from", "x.csv", "--resume", "/nonexistent/r.ndjson"],
      "no such report",
    ],
  ])("%s", async (_name, args, message) => {
    const result = await runCli([CMD, ...args], apiEnv("https://t.example.test/api"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("refuses to overwrite an existing report", async () => {
    const file = inDir("exists.csv");
    await writeCustomersCsv(file, 1);
    const report = await write("exists.ndjson", '{"line":2,"customer_id":"1","ok":true}\n');
    const result = await runCli(
      [CMD, "--from", file, "--report", report],
      apiEnv("https://t.example.test/api"),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--resume ${report}`);
  });
});
