import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { CREDENTIALS, form, rawPatch, violationText } from "./raw-request.ts";

const { details: DETAIL_FIELDS, notRemovable: NOT_REMOVABLE_FIELDS } = OPERATIONS.setCustomerDetails;

describe("Prism accepts valid requests", () => {
  it("accepts a customer_id with one detail and answers the JSON value true", async () => {
    const outcome = await rawPatch(form({ customer_id: "191", firstname: "Test" }));
    expect(outcome.status).toBe(200);
    expect(JSON.parse(outcome.body)).toBe(true);
  });

  it("accepts a subscription_id with several details", async () => {
    const outcome = await rawPatch(
      form({ subscription_id: "SUB-1", firstname: "Test", zip: "66666", email: "t@t.test", country: "US" }),
    );
    expect(outcome.status).toBe(200);
  });

  it("accepts every detail field at once", async () => {
    const all = Object.fromEntries(DETAIL_FIELDS.map((field) => [field, `value of ${field}`]));
    expect((await rawPatch(form({ customer_id: "7", ...all }))).status).toBe(200);
  });

  it.each(DETAIL_FIELDS.filter((f) => !(NOT_REMOVABLE_FIELDS as readonly string[]).includes(f)))(
    "accepts REMOVE on %s",
    async (field) => {
      expect((await rawPatch(form({ customer_id: "191", [field]: "REMOVE" }))).status).toBe(200);
    },
  );

  it.each([
    ["ampersand and equals", "a&b=c"],
    ["plus and percent", "1+1=2 100%"],
    ["spaces", "  two  spaces  "],
    ["non-ASCII", "Zoë Ångström, Łódź, 東京"],
    ["emoji", "🎉 party 👩‍👩‍👧"],
  ])("accepts values with %s", async (_name, value) => {
    expect((await rawPatch(form({ customer_id: "191", address1: value }))).status).toBe(200);
  });
});

describe("Prism rejects each invalid class", () => {
  it("rejects a request with no lookup id, naming both ids", async () => {
    const outcome = await rawPatch(form({ firstname: "Test" }));
    expect(outcome.status).toBe(400);
    expect(violationText(outcome)).toMatch(/required property 'customer_id'/);
    expect(violationText(outcome)).toMatch(/required property 'subscription_id'/);
  });

  it("rejects both lookup ids at once, naming the extra id", async () => {
    const outcome = await rawPatch(form({ customer_id: "191", subscription_id: "SUB-1", firstname: "Test" }));
    expect(outcome.status).toBe(400);
    expect(violationText(outcome)).toMatch(/found 'subscription_id'/);
  });

  it("rejects a lookup id with no detail field", async () => {
    const outcome = await rawPatch(form({ customer_id: "191" }));
    expect(outcome.status).toBe(400);
    expect(outcome.violations.map((v) => v.code)).toContain("minProperties");
  });

  it("rejects an empty lookup id", async () => {
    const outcome = await rawPatch(form({ customer_id: "", firstname: "Test" }));
    expect(outcome.status).toBe(400);
    expect(violationText(outcome)).toMatch(/customer_id must NOT have fewer than 1 characters/);
  });

  it("rejects password=REMOVE, naming password", async () => {
    const outcome = await rawPatch(form({ customer_id: "191", password: "REMOVE" }));
    expect(outcome.status).toBe(400);
    expect(outcome.violations.some((v) => v.location.join(".") === "request.body.password")).toBe(true);
  });

  it("rejects an unknown field, naming it", async () => {
    const outcome = await rawPatch(form({ customer_id: "191", firstname: "Test", fristname: "Typo" }));
    expect(outcome.status).toBe(400);
    expect(violationText(outcome)).toMatch(/found 'fristname'/);
  });

  it.each(["api-key", "api-username"] as const)("rejects a request without the %s header", async (header) => {
    const headers: Record<string, string> = { ...CREDENTIALS };
    delete headers[header];
    const outcome = await rawPatch(form({ customer_id: "191", firstname: "Test" }), headers);
    expect(outcome.status).toBe(401);
    expect(violationText(outcome)).toMatch(/security/i);
  });
});
