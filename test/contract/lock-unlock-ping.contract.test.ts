import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { TrackfinityValidationError } from "../../src/index.ts";
import { prismClient, rejectionOf } from "../support/client-for.ts";
import { CREDENTIALS, form, rawPatch } from "./raw-request.ts";

const LOCKS = ["lockCustomer", "unlockCustomer"] as const;
const IDS = { customer_id: "191", subscription_id: "SUB-2041", orderid: "EVT-77031" };
const spec = parse(readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8"));
const example = (response: string) => spec.components.responses[response].content["application/json"].example;

const invalid: Array<[string, Record<string, string>]> = [
  ["no lookup id", {}],
  ["two lookup ids", { customer_id: "191", orderid: "EVT-1" }],
  ["three lookup ids", IDS],
  ["an unknown field", { customer_id: "191", firstname: "Test" }],
  ["an empty id", { customer_id: "" }],
];

describe.each(LOCKS)("%s: Prism and the client agree on the lookup rule", (id) => {
  const path = OPERATIONS[id].path;

  it.each(Object.entries(IDS))("Prism answers 200 true to %s alone", async (field, value) => {
    const outcome = await rawPatch(form({ [field]: value }), CREDENTIALS, { path });
    expect([outcome.status, JSON.parse(outcome.body)]).toEqual([200, true]);
  });

  it.each(invalid)("Prism refuses %s with a 4xx", async (_name, fields) => {
    const outcome = await rawPatch(form(fields), CREDENTIALS, { path });
    expect(outcome.status).toBe(400);
    expect(outcome.violations.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(IDS))(
    "the client resolves true for %s alone, sending it once",
    async (field, value) => {
      const { client, sent } = prismClient();
      await expect(client[id]({ [field]: value } as never)).resolves.toBe(true);
      expect(sent).toEqual([form({ [field]: value })]);
    },
  );

  it.each(invalid)("the client stops %s before Prism sees it", async (_name, fields) => {
    const { client, sent } = prismClient();
    expect(await rejectionOf(client[id](fields as never))).toBeInstanceOf(TrackfinityValidationError);
    expect(sent).toHaveLength(0);
  });
});

describe("ping against the Prism mock", () => {
  it("answers the spec's example through the client, with nothing in the body", async () => {
    const { client, sent } = prismClient();
    await expect(client.ping()).resolves.toBe(true);
    expect(sent).toEqual([""]);
  });

  it("refuses a ping without credentials with the spec's realistic 401 body", async () => {
    const outcome = await rawPatch("", {}, { path: OPERATIONS.ping.path, method: "GET" });
    expect(outcome.status).toBe(401);
    expect(JSON.parse(outcome.body)).toBe(example("Unauthorized"));
  });
});

describe("the mock's error answers", () => {
  it("answers an invalid request with the spec's realistic 400 body, not a type placeholder", async () => {
    const outcome = await rawPatch(form({ customer_id: "191" }));
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body)).toBe(example("BadRequest"));
    expect(outcome.body).not.toBe('"string"');
  });

  it("answers at the URL shape of a real install, under /api", async () => {
    expect(new URL(inject("prismUrl")).pathname).toBe("/api");
    const outcome = await rawPatch(form({ customer_id: "191", firstname: "Test" }));
    expect(outcome.status).toBe(200);
  });
});
