import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
let copy: string;
let server: RecordingServer;

const ANSWERS_TRUE = { "200": { $ref: "#/components/responses/TrueAnswer" } };

/**
 * Changes a copy of openapi.yaml the way a spec author would, touching nothing else:
 * - `custom6`: a new detail field of set_customer_details;
 * - `archiveCustomer`: a lock-style operation, one of three lookup ids and nothing else;
 * - `setCustomerNote`: an operation with detail fields, one of them secret and not removable;
 * - `refundTransaction`: a form with a required integer, a field the client fills (`type=refund`),
 *   a value PHP must never read as -1, a comma list, and the vendor's envelope as its answer;
 * - `getRefundReport`: a paged GET with a query of an enum, dates, a decimal, a deepObject and
 *   rules between fields.
 */
async function extendSpec(dir: string) {
  const file = join(dir, "openapi.yaml");
  const spec = parse(await readFile(file, "utf8"));
  const schemas = spec.components.schemas;
  schemas.Custom6 = { type: "string", description: "Custom field 6.", examples: ["x"] };
  for (const branch of ["SetCustomerDetailsByCustomerId", "SetCustomerDetailsBySubscriptionId"]) {
    schemas[branch].properties.custom6 = { $ref: "#/components/schemas/Custom6" };
  }
  const form = (ref: string) => ({
    required: true,
    content: { "application/x-www-form-urlencoded": { schema: { $ref: `#/components/schemas/${ref}` } } },
  });
  spec.paths["/customer/archive"] = {
    patch: {
      operationId: "archiveCustomer",
      tags: ["customers"],
      summary: "Archive a customer",
      description: "Archives one customer record.",
      requestBody: form("CustomerLookupRequest"),
      responses: ANSWERS_TRUE,
    },
  };
  schemas.Note = { type: "string", description: "A note on the record.", examples: ["called back"] };
  schemas.PrivateNote = {
    type: "string",
    format: "password",
    not: { const: "REMOVE" },
    description: "A note only admins see.",
    examples: ["vip"],
  };
  const noteBranch = (lookup: string, ref: string) => ({
    type: "object",
    required: [lookup],
    minProperties: 2,
    additionalProperties: false,
    properties: {
      [lookup]: { $ref: `#/components/schemas/${ref}` },
      note: { $ref: "#/components/schemas/Note" },
      private_note: { $ref: "#/components/schemas/PrivateNote" },
    },
  });
  schemas.NoteByCustomerId = noteBranch("customer_id", "CustomerId");
  schemas.NoteBySubscriptionId = noteBranch("subscription_id", "SubscriptionId");
  schemas.SetCustomerNoteRequest = {
    oneOf: [
      { $ref: "#/components/schemas/NoteByCustomerId" },
      { $ref: "#/components/schemas/NoteBySubscriptionId" },
    ],
  };
  spec.paths["/customer/set_note"] = {
    patch: {
      operationId: "setCustomerNote",
      "x-trackfinity-remove-token": "REMOVE",
      tags: ["customers"],
      summary: "Set a customer's note",
      description: "Sets the notes of one customer record.",
      requestBody: form("SetCustomerNoteRequest"),
      responses: ANSWERS_TRUE,
    },
  };
  addRefundOperations(spec);
  await writeFile(file, stringify(spec));
}

/** The two operations of the shapes the transaction and report API brought. */
function addRefundOperations(spec: {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
}) {
  const schemas = spec.components.schemas;
  const refundBranch = (lookup: string, ref: string) => ({
    type: "object",
    required: [lookup, "type", "amount"],
    additionalProperties: false,
    properties: {
      [lookup]: { $ref: `#/components/schemas/${ref}` },
      type: { type: "string", const: "refund", description: "Filled by the client." },
      amount: { type: "integer", minimum: 1, description: "The refund in cents." },
      note: { type: "string", not: { const: "-1" }, description: "A note; -1 is reserved." },
      tags: {
        type: "string",
        description: "Tags, comma-joined.",
        "x-trackfinity-list": {
          separator: ",",
          uniqueItems: true,
          items: { type: "string", enum: ["late", "partial", "fraud"] },
        },
      },
    },
  });
  schemas.RefundByTransactionHash = refundBranch("transaction_hash", "TransactionHash");
  schemas.RefundByOrderId = refundBranch("orderid", "TransactionOrderId");
  spec.paths["/transaction/process_refund"] = {
    post: {
      operationId: "refundTransaction",
      tags: ["transactions"],
      summary: "Refund a transaction",
      description: "Refunds part of a transaction.",
      requestBody: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": {
            schema: {
              oneOf: [
                { $ref: "#/components/schemas/RefundByTransactionHash" },
                { $ref: "#/components/schemas/RefundByOrderId" },
              ],
            },
            example: { orderid: "O-1", type: "refund", amount: 250 },
          },
        },
      },
      responses: {
        "200": {
          description: "The envelope.",
          content: { "application/json": { schema: { $ref: "#/components/schemas/TransactionOutcome" } } },
        },
      },
    },
  };
  spec.paths["/report/refunds"] = {
    get: {
      operationId: "getRefundReport",
      tags: ["reports"],
      summary: "Get the refund report",
      description: "Lists refunds, a page at a time.",
      "x-trackfinity-paging": { offset: "start_at", limit: "page_size" },
      "x-trackfinity-query-rules": { $ref: "#/components/schemas/ReportWindowRules" },
      parameters: [
        { name: "period", in: "query", schema: { $ref: "#/components/schemas/ReportPeriod" } },
        { name: "start", in: "query", schema: { $ref: "#/components/schemas/ReportDate" } },
        { name: "end", in: "query", schema: { $ref: "#/components/schemas/ReportDate" } },
        { name: "filter_loginid", in: "query", schema: { $ref: "#/components/schemas/ReportId" } },
        { name: "filter_campaignid", in: "query", schema: { $ref: "#/components/schemas/ReportId" } },
        {
          name: "min_amount",
          in: "query",
          description: "Refunds of at least this much.",
          schema: { type: "number" },
        },
        {
          name: "filters",
          in: "query",
          style: "deepObject",
          explode: true,
          description: "More filters.",
          schema: {
            type: "object",
            additionalProperties: false,
            properties: { offerid: { $ref: "#/components/schemas/ReportId" } },
          },
        },
        { name: "start_at", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
        { name: "page_size", in: "query", schema: { type: "integer", minimum: 1, default: 50 } },
      ],
      responses: {
        "200": {
          description: "A page.",
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/TransactionReportOutcome" } },
          },
        },
      },
    },
  };
}

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "trackfinity-spec-"));
  for (const entry of [
    "openapi.yaml",
    "redocly.yaml",
    "scripts",
    "src",
    "docs",
    "tsconfig.json",
    "tsconfig.build.json",
    "package.json",
  ]) {
    await cp(join(root, entry), join(copy, entry), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  await extendSpec(copy);
  server = await startRecordingServer();
}, 30_000);

afterAll(async () => {
  await server?.close();
  await rm(copy, { recursive: true, force: true });
});

describe("a spec change reaches the client, the CLI and the reference with no edit outside src/generated/", () => {
  it("makes check:generated fail, naming the stale files, until generate runs", async () => {
    const failure = await run("node", ["scripts/generate.mjs", "--check"], { cwd: copy }).catch((e) => e);
    expect(failure.code).toBe(1);
    for (const name of ["openapi.ts", "operation-data.ts", "operation-types.ts", "operation-requests.ts"]) {
      expect(failure.stderr).toContain(`src/generated/${name}`);
    }
    expect(failure.stderr).toContain("Run `npm run generate`");
  });

  it("after generate, types the new methods and fields, and refuses their misuse at compile time", async () => {
    await run("node", ["scripts/generate.mjs"], { cwd: copy });
    await run("node", ["scripts/generate.mjs", "--check"], { cwd: copy });
    await writeFile(
      join(copy, "src", "uses-new-operations.ts"),
      `import { createTrackfinityClient, REMOVE, type ArchiveCustomerParams, type GetRefundReportParams, type RefundTransactionParams, type ReportPage, type SetCustomerDetailsParams, type SetCustomerNoteParams } from "./index.js";
export const update: SetCustomerDetailsParams = { customer_id: 1, custom6: "six" };
// @ts-expect-error custom7 is still unknown
export const unknown: SetCustomerDetailsParams = { customer_id: 1, custom7: "seven" };
export const archive: ArchiveCustomerParams = { orderid: "E-1" };
// @ts-expect-error two lookup ids
export const two: ArchiveCustomerParams = { orderid: "E-1", customer_id: 1 };
// @ts-expect-error no lookup id
export const none: ArchiveCustomerParams = {};
// @ts-expect-error no other field
export const other: ArchiveCustomerParams = { orderid: "E-1", note: "x" };
export const note: SetCustomerNoteParams = { subscription_id: "S-1", note: REMOVE, private_note: "p" };
// @ts-expect-error private_note can't be removed
export const removed: SetCustomerNoteParams = { customer_id: 1, private_note: REMOVE };
// @ts-expect-error at least one detail
export const empty: SetCustomerNoteParams = { customer_id: 1 };
const client = createTrackfinityClient({ baseUrl: "https://x.test/api", apiKey: "k", apiUsername: "u" });
export const answer: Promise<true> = client.archiveCustomer(archive);
export const refund: RefundTransactionParams = { orderid: "O-1", amount: 250, tags: ["late", "partial"] };
// @ts-expect-error the client fills type
export const filled: RefundTransactionParams = { orderid: "O-1", amount: 250, type: "refund" };
// @ts-expect-error amount is a number of cents
export const text: RefundTransactionParams = { orderid: "O-1", amount: "250" };
// @ts-expect-error amount is required
export const noAmount: RefundTransactionParams = { orderid: "O-1" };
// @ts-expect-error tags come from the list
export const badTag: RefundTransactionParams = { orderid: "O-1", amount: 1, tags: ["nope"] };
export const report: GetRefundReportParams = { period: 8, start: "2026-11-01", end: "2026-11-30", filters: { offerid: 4 } };
// @ts-expect-error period is 0 to 8
export const badPeriod: GetRefundReportParams = { period: 9 };
// @ts-expect-error filters holds offerid only
export const badFilter: GetRefundReportParams = { filters: { siteid: 4 } };
export const message: Promise<string> = client.refundTransaction(refund);
export const pages: AsyncIterableIterator<ReportPage> = client.getRefundReportPages({ page_size: 2 });
`,
    );
    await run(join(copy, "node_modules/.bin/tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: copy });
  }, 60_000);

  it("validates the new operations' params at run time and sends them byte-exact", async () => {
    await writeFile(
      join(copy, "send-new-operations.ts"),
      `import { createTrackfinityClient, REMOVE } from "./src/index.ts";
const client = createTrackfinityClient({ baseUrl: process.env.SERVER_URL, apiKey: "pipeline-key", apiUsername: "u" });
const untyped = client as unknown as Record<string, (params: unknown) => Promise<unknown>>;
await client.setCustomerDetails({ customer_id: 1, custom6: "six & more" });
await client.archiveCustomer({ orderid: "E-1" });
await client.setCustomerNote({ subscription_id: "S-1", note: REMOVE, private_note: "p w" });
for (const params of [{ orderid: "E-1", customer_id: 1 }, {}, { orderid: "E-1", note: "x" }]) {
  try { await untyped.archiveCustomer?.(params); } catch (error) { console.log((error as Error).name, JSON.stringify((error as { issues: unknown }).issues)); }
}
try { await untyped.setCustomerNote?.({ customer_id: 1, private_note: REMOVE }); } catch (error) { console.log((error as Error).name); }
`,
    );
    const { stdout } = await run(join(copy, "node_modules/.bin/tsx"), ["send-new-operations.ts"], {
      cwd: copy,
      env: { ...process.env, SERVER_URL: server.url },
    });
    expect(server.requests.map((r) => [r.method, r.path, r.body.toString()])).toEqual([
      ["PATCH", "/customer/set_customer_details", "customer_id=1&custom6=six+%26+more"],
      ["PATCH", "/customer/archive", "orderid=E-1"],
      ["PATCH", "/customer/set_note", "subscription_id=S-1&note=REMOVE&private_note=p+w"],
    ]);
    expect(stdout.trim().split("\n")).toEqual([
      'TrackfinityValidationError [{"field":"customer_id, subscription_id or orderid","message":"pass only one"}]',
      'TrackfinityValidationError [{"field":"customer_id, subscription_id or orderid","message":"missing"}]',
      'TrackfinityValidationError [{"field":"note","message":"unknown field; known fields: customer_id, subscription_id, orderid"}]',
      "TrackfinityValidationError",
    ]);
  }, 60_000);

  it("checks the new shapes' params, sends them as PHP reads them, judges the envelope and reads every page", async () => {
    const envelopes = await startRecordingServer((request, response) => {
      const url = new URL(request.path, "http://127.0.0.1");
      let answer: unknown = { result: "success", message: "*success*" };
      if (url.pathname === "/report/refunds")
        answer = Number(url.searchParams.get("start_at")) ? [{ id: 3 }] : [{ id: 1 }, { id: 2 }];
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
    try {
      await writeFile(
        join(copy, "send-new-shapes.ts"),
        `import { createTrackfinityClient } from "./src/index.ts";
const client = createTrackfinityClient({ baseUrl: process.env.SERVER_URL, apiKey: "pipeline-key", apiUsername: "u" });
const untyped = client as unknown as Record<string, (params: unknown) => Promise<unknown>>;
const problems = async (id: string, params: unknown) => {
  try { await untyped[id]?.(params); } catch (error) {
    console.log((error as { problems: Array<{ code: string; field: string }> }).problems.map((p) => \`\${p.code} \${p.field}\`).join("; "));
  }
};
console.log(await client.refundTransaction({ orderid: "O-1", amount: 250, tags: ["late", "partial"] }));
await problems("refundTransaction", { orderid: "O-1", amount: 12.5 });
await problems("refundTransaction", { orderid: "O-1", amount: 1, note: " -1.0" });
await problems("refundTransaction", { orderid: "O-1", amount: 1, type: "refund" });
await problems("refundTransaction", { orderid: "O-1", amount: 1, tags: ["late", "late"] });
console.log(JSON.stringify(await client.getRefundReport({ period: 5, min_amount: 1e21, filters: { offerid: 4 } })));
await problems("getRefundReport", { period: 8 });
await problems("getRefundReport", { filters: { siteid: 1 } });
const counts: number[] = [];
for await (const page of client.getRefundReportPages({ page_size: 2 })) counts.push(page.count);
console.log(counts.join(","));
`,
      );
      const { stdout } = await run(join(copy, "node_modules/.bin/tsx"), ["send-new-shapes.ts"], {
        cwd: copy,
        env: { ...process.env, SERVER_URL: envelopes.url },
      });
      expect(envelopes.requests.map((r) => [r.method, r.path, r.body.toString()])).toEqual([
        ["POST", "/transaction/process_refund", "orderid=O-1&amount=250&tags=late%2Cpartial&type=refund"],
        ["GET", "/report/refunds?period=5&min_amount=1000000000000000000000&filters%5Bofferid%5D=4", ""],
        ["GET", "/report/refunds?page_size=2&start_at=0", ""],
        ["GET", "/report/refunds?page_size=2&start_at=2", ""],
      ]);
      expect(stdout.trim().split("\n")).toEqual([
        "*success*",
        "not_whole amount",
        "forbidden_value note",
        "filled_by_client type",
        "repeated_item tags",
        '[{"id":1},{"id":2}]',
        "needs period",
        "unknown_field filters.siteid",
        "2,1",
      ]);
    } finally {
      await envelopes.close();
    }
  }, 60_000);

  it("gives the CLI a command per new operation, with flags named after the fields, that works", async () => {
    await run("node", ["scripts/build.mjs"], { cwd: copy });
    const cli = (args: string[], input = "") => {
      const child = execFile(process.execPath, [join(copy, "dist/cli/main.js"), ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          TRACKFINITY_BASE_URL: server.url,
          TRACKFINITY_API_KEY: "k",
          TRACKFINITY_API_USERNAME: "u",
        },
      });
      child.stdin?.end(input);
      return new Promise<{ code: number | null; stdout: string }>((resolve) => {
        let stdout = "";
        child.stdout?.on("data", (chunk) => {
          stdout += chunk;
        });
        child.on("close", (code) => resolve({ code, stdout }));
      });
    };
    const help = await cli(["--help"]);
    expect(help.stdout).toMatch(/archive-customer +Archive a customer \(PATCH \/customer\/archive\)/);
    expect(help.stdout).toMatch(/set-customer-note +Set a customer's note/);
    const noteHelp = await cli(["set-customer-note", "--help"]);
    for (const flag of [
      "--customer-id ID",
      "--subscription-id ID",
      "--note TEXT",
      "--private-note TEXT",
      "--private-note-stdin",
      "--remove FIELD",
      "--from FILE",
    ]) {
      expect(noteHelp.stdout).toContain(flag);
    }
    expect(noteHelp.stdout).toContain("One of: note.");
    server.requests.length = 0;
    expect((await cli(["archive-customer", "--orderid", "E-2"])).code).toBe(0);
    expect(
      (
        await cli(
          ["set-customer-note", "--customer-id", "9", "--private-note-stdin", "--remove", "note"],
          "secret\n",
        )
      ).code,
    ).toBe(0);
    expect(server.requests.map((r) => [r.method, r.path, r.body.toString()])).toEqual([
      ["PATCH", "/customer/archive", "orderid=E-2"],
      ["PATCH", "/customer/set_note", "customer_id=9&private_note=secret&note=REMOVE"],
    ]);
  }, 120_000);

  it("gives the new shapes CLI commands: typed flags, an object's keys as flags, every page with --all", async () => {
    const envelopes = await startRecordingServer((request, response) => {
      const url = new URL(request.path, "http://127.0.0.1");
      let answer: unknown = { result: "success", message: "*success*" };
      if (url.pathname === "/report/refunds")
        answer = Number(url.searchParams.get("start_at")) ? [{ id: 3 }] : [{ id: 1 }, { id: 2 }];
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
    const cli = async (args: string[]) => {
      const { stdout } = await run(process.execPath, [join(copy, "dist/cli/main.js"), ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          TRACKFINITY_BASE_URL: envelopes.url,
          TRACKFINITY_API_KEY: "k",
          TRACKFINITY_API_USERNAME: "u",
        },
      });
      return stdout;
    };
    try {
      const refundHelp = await cli(["refund-transaction", "--help"]);
      for (const flag of ["--orderid ID", "--amount N", "--note TEXT", "--tags NAMES", "--from FILE"]) {
        expect(refundHelp).toContain(flag);
      }
      expect(refundHelp).not.toContain("--type");
      const reportHelp = await cli(["get-refund-report", "--help"]);
      for (const flag of ["--period VALUE", "--min-amount AMOUNT", "--offerid N", "--all", "--page-size N"]) {
        expect(reportHelp).toContain(flag);
      }
      expect(
        await cli(["refund-transaction", "--orderid", "O-1", "--amount", "250", "--tags", "late,partial"]),
      ).toContain("*success*");
      await cli(["get-refund-report", "--period", "5", "--offerid", "4"]);
      const records = await cli(["get-refund-report", "--all", "--page-size", "2"]);
      expect(
        records
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line)),
      ).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(envelopes.requests.map((r) => [r.method, r.path, r.body.toString()])).toEqual([
        ["POST", "/transaction/process_refund", "orderid=O-1&amount=250&tags=late%2Cpartial&type=refund"],
        ["GET", "/report/refunds?period=5&filters%5Bofferid%5D=4", ""],
        ["GET", "/report/refunds?page_size=2&start_at=0", ""],
        ["GET", "/report/refunds?page_size=2&start_at=2", ""],
      ]);
    } finally {
      await envelopes.close();
    }
  }, 60_000);

  it("puts the new operations in the built reference", async () => {
    await run("sh", ["scripts/docs.sh"], { cwd: copy });
    const html = await readFile(join(copy, "docs/site/index.html"), "utf8");
    // Booleans, not toContain: a failure would print the whole prerendered page.
    for (const text of [
      "Archive a customer",
      "/customer/archive",
      "/customer/set_note",
      "private_note",
      "/transaction/process_refund",
      "/report/refunds",
      "min_amount",
    ]) {
      expect([text, html.includes(text)]).toEqual([text, true]);
    }
  }, 120_000);

  it("changed nothing outside src/generated/ (and the test's own file)", async () => {
    const { stdout } = await run("diff", [
      "-rq",
      "--exclude=generated",
      "--exclude=uses-new-operations.ts",
      join(root, "src"),
      join(copy, "src"),
    ]).catch((error) => error);
    expect(stdout).toBe("");
  });
});
