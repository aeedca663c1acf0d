import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Answer, Received } from "./support/fake-trackfinity.ts";
import { parseReport } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, runCli } from "./support/run-cli.ts";

const { inDir, serve } = useTempDirAndFake();

const envelope = (result: string, message: string): Answer => ({
  status: 200,
  body: JSON.stringify({ result, message }),
});

/** The install's report: `records` split into pages by the request's trans_start and trans_count. */
function reportPages(records: unknown[]) {
  return (request: Received): Answer => {
    const query = new URL(request.path, "http://127.0.0.1").searchParams;
    const start = Number(query.get("trans_start") ?? 0);
    const count = Number(query.get("trans_count") ?? 100);
    return { status: 200, body: JSON.stringify(records.slice(start, start + count)) };
  };
}

describe("transactions from the command line", () => {
  it("voids one transaction, sending type=void itself, and prints what Trackfinity said", async () => {
    const fake = await serve(() => envelope("success", "*success*"));
    const result = await runCli(
      ["void-transaction", "--transaction-hash", "156097c947ece92.38318951"],
      apiEnv(fake.url),
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      "Void a transaction: done for transaction_hash 156097c947ece92.38318951. Trackfinity says: *success*",
    );
    expect(fake.received.map((r) => r.fields.toString())).toEqual([
      "transaction_hash=156097c947ece92.38318951&type=void",
    ]);
  });

  it("turns a refunds file into voids, and reports a resent void, refused inside a 2xx, as a refusal (exit 3)", async () => {
    const file = inDir("refunds.csv");
    const report = inDir("voids.ndjson");
    await writeFile(
      file,
      "orderid,trans_custom1\nTRACKFINITY:1,refund-1\nTRACKFINITY:2,refund-2\nTRACKFINITY:3,refund-3\n",
    );
    const fake = await serve((request) =>
      request.fields.get("orderid") === "TRACKFINITY:2"
        ? envelope("ERROR", "*error* - Void transaction exists.")
        : envelope("success", "*success*"),
    );
    const result = await runCli(["void-transaction", "--from", file, "--report", report], apiEnv(fake.url));
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("Done: 2 ok, 1 failed (1 TrackfinityRefusalError)");
    expect(result.stderr).toContain("line 3: Trackfinity refused POST");
    // One line per row as it finishes, so in the order the answers came.
    const lines = parseReport(await readFile(report, "utf8")).sort((a, b) => Number(a.line) - Number(b.line));
    expect(lines.map((line) => [line.line, line.orderid, line.ok])).toEqual([
      [2, "TRACKFINITY:1", true],
      [3, "TRACKFINITY:2", false],
      [4, "TRACKFINITY:3", true],
    ]);
    expect(lines.map((line) => line.reason ?? line.answer)).toEqual([
      "*success*",
      "*error* - Void transaction exists.",
      "*success*",
    ]);
    expect(fake.received).toHaveLength(3);
    expect(fake.received.every((r) => r.fields.get("type") === "void")).toBe(true);
  });

  it("updates revenue from a file whose columns are the operation's required fields", async () => {
    const file = inDir("revenue.csv");
    await writeFile(file, "orderid,amount\nTRACKFINITY:1,1250\nTRACKFINITY:2,990\n");
    const fake = await serve(() => envelope("success", "*success*"));
    const result = await runCli(["update-revenue-by-orderid", "--from", file], apiEnv(fake.url));
    expect(result.code).toBe(0);
    expect(fake.received.map((r) => [r.fields.get("orderid"), r.fields.get("amount")]).sort()).toEqual([
      ["TRACKFINITY:1", "1250"],
      ["TRACKFINITY:2", "990"],
    ]);
  });

  it("refuses an amount of 12.5 cents, naming the flag, and sends nothing", async () => {
    const fake = await serve();
    const result = await runCli(
      ["update-revenue-by-orderid", "--orderid", "TRACKFINITY:1", "--amount", "12.5"],
      apiEnv(fake.url),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--amount: expected a whole number, not 12.5");
    expect(fake.received).toHaveLength(0);
  });

  it("answers whether an orderid exists as a boolean", async () => {
    const fake = await serve(() => envelope("success", "FALSE"));
    const result = await runCli(
      ["check-orderid-exists", "--orderid", "TRACKFINITY:9", "--json"],
      apiEnv(fake.url),
    );
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, answer: false });
    expect(fake.received.map((r) => r.path)).toEqual([
      "/api/offer/check_orderid_exists?orderid=TRACKFINITY%3A9",
    ]);
  });
});

describe("reports from the command line", () => {
  const RECORDS = Array.from({ length: 5 }, (_, i) => ({
    transactionid: String(88210 + i),
    amount: "25.00",
    note: `a, "b" ${i}`,
  }));

  it("writes every record of every page as NDJSON with --all, progress on stderr", async () => {
    const fake = await serve(reportPages(RECORDS));
    const result = await runCli(
      ["get-transaction-report", "--all", "--period", "5", "--trans-count", "2"],
      apiEnv(fake.url),
    );
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(RECORDS);
    expect(fake.received.map((r) => r.path)).toEqual([
      "/api/report/transaction?period=5&trans_count=2&trans_start=0",
      "/api/report/transaction?period=5&trans_count=2&trans_start=2",
      "/api/report/transaction?period=5&trans_count=2&trans_start=4",
    ]);
    expect(result.stderr).toContain("done, 5 records in 3 pages");
  });

  it("writes them as CSV with --format csv, quoting what needs it", async () => {
    const fake = await serve(reportPages(RECORDS.slice(0, 2)));
    const result = await runCli(["get-transaction-report", "--all", "--format", "csv"], apiEnv(fake.url));
    expect(result.stdout).toBe(
      'transactionid,amount,note\n88210,25.00,"a, ""b"" 0"\n88211,25.00,"a, ""b"" 1"\n',
    );
  });

  it("sends the profit and loss report's filters as params[key], from flags named after the keys", async () => {
    const fake = await serve(() => ({ status: 200, body: JSON.stringify({ total: { profit: "760.00" } }) }));
    const result = await runCli(
      ["get-profit-loss-report", "--view", "offer", "--period", "5", "--filter-loginid", "12", "--json"],
      apiEnv(fake.url),
    );
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, answer: { total: { profit: "760.00" } } });
    expect(fake.received.map((r) => r.path)).toEqual([
      "/api/report/profitloss?view=offer&params%5Bperiod%5D=5&params%5Bfilter_loginid%5D=12",
    ]);
  });

  it("refuses period 8 without its dates, naming the flags, and sends nothing", async () => {
    const fake = await serve();
    const result = await runCli(
      ["get-profit-loss-report", "--view", "offer", "--period", "8"],
      apiEnv(fake.url),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--period: with 8, needs --start and --end too");
    expect(fake.received).toHaveLength(0);
  });
});
