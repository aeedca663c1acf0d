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
 * - `setCustomerNote`: an operation with detail fields, one of them secret and not removable.
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
      tags: ["Customer"],
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
      tags: ["Customer"],
      summary: "Set a customer's note",
      description: "Sets the notes of one customer record.",
      requestBody: form("SetCustomerNoteRequest"),
      responses: ANSWERS_TRUE,
    },
  };
  await writeFile(file, stringify(spec));
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
      `import { createTrackfinityClient, REMOVE, type ArchiveCustomerParams, type SetCustomerDetailsParams, type SetCustomerNoteParams } from "./index.js";
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

  it("puts the new operations in the built reference", async () => {
    await run("sh", ["scripts/docs.sh"], { cwd: copy });
    const html = await readFile(join(copy, "docs/site/index.html"), "utf8");
    // Booleans, not toContain: a failure would print the whole prerendered page.
    for (const text of ["Archive a customer", "/customer/archive", "/customer/set_note", "private_note"]) {
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
