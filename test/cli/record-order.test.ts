import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Received } from "./support/fake-trackfinity.ts";
import { parseReport } from "./support/files.ts";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, runCli } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const { inDir, serve } = useTempDirAndFake();

async function write(name: string, text: string): Promise<string> {
  const path = inDir(name);
  await writeFile(path, text);
  return path;
}

/** The first names the server got for one customer id, in the order it got them. */
const firstnamesOf = (requests: Received[], id: string) =>
  requests.filter((r) => r.fields.get("customer_id") === id).map((r) => r.fields.get("firstname"));

describe("rows of one record", () => {
  it("are sent one after another in file order, even when the first answer is a 503", async () => {
    let busy = true;
    const server = await serve((request) => {
      if (request.fields.get("firstname") !== "Old" || !busy) return { status: 200, body: "true" };
      busy = false;
      return { status: 503, body: "", headers: { "retry-after": "1" } };
    });
    const file = await write("order.csv", "customer_id,firstname\n191,Old\n191,New\n192,Other\n");
    const result = await runCli([CMD, "--from", file, "--concurrency", "4"], apiEnv(server.url));
    expect(result.code).toBe(0);
    expect(firstnamesOf(server.received, "191")).toEqual(["Old", "Old", "New"]);
    expect(firstnamesOf(server.applied, "191")).toEqual(["Old", "New"]);
    expect(firstnamesOf(server.applied, "192")).toEqual(["Other"]);
  });

  it("are held back after a row of theirs fails, and --resume sends them all, in file order", async () => {
    let refusing = true;
    const server = await serve((request) =>
      refusing && request.fields.get("firstname") === "Old"
        ? { status: 400, body: '"bad name"' }
        : { status: 200, body: "true" },
    );
    const file = await write("held.csv", "customer_id,firstname\n191,Old\n191,New\n192,Other\n191,Newest\n");
    const report = inDir("held.ndjson");
    const first = await runCli([CMD, "--from", file, "--report", report], apiEnv(server.url));
    expect(first.code).toBe(3);
    expect(firstnamesOf(server.received, "191")).toEqual(["Old"]);
    expect(first.stderr).toContain(
      "line 3: not sent: an earlier row of customer_id 191 failed, and the rows of one record are sent in file order; --resume sends them again, in order",
    );
    const entries = parseReport(await readFile(report, "utf8"));
    expect(entries.filter((e) => e.error === "EarlierRowFailed").map((e) => e.line)).toEqual([3, 5]);

    refusing = false;
    const resumed = await runCli([CMD, "--from", file, "--resume", report], apiEnv(server.url));
    expect(resumed.code).toBe(0);
    expect(firstnamesOf(server.applied, "191")).toEqual(["Old", "New", "Newest"]);
    expect(firstnamesOf(server.applied, "192")).toEqual(["Other"]);
  });

  it("are counted by the dry run, each row that shares a lookup value with an earlier one", async () => {
    const file = await write(
      "repeats.csv",
      "customer_id,subscription_id,firstname\n191,,A\n192,,B\n191,,C\n,191,D\n191,,E\n",
    );
    const env = apiEnv("https://t.example.test/api");
    const result = await runCli([CMD, "--from", file, "--dry-run"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Checked 5 rows of ${file}: 5 valid, 0 invalid. 2 rows share a lookup value with an earlier row; each is sent after it. Dry run: nothing was sent.\n`,
    );
    const json = await runCli([CMD, "--from", file, "--dry-run", "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ type: "summary", repeats: 2 });
  });

  it("are, for an operation without lookup ids, those with the same first required field", async () => {
    const file = await write("revenue.csv", "orderid,amount\nA-1,10\nA-2,11\nA-1,12\n");
    const result = await runCli(
      ["update-revenue-by-orderid", "--from", file, "--dry-run"],
      apiEnv("https://t.example.test/api"),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "1 row shares a lookup value with an earlier row; each is sent after it.",
    );
  });
});
