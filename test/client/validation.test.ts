import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { REMOVE, TrackfinityValidationError } from "../../src/index.ts";
import { rejectionOf, serverAndClient } from "../support/client-for.ts";

const { details: DETAIL_FIELDS } = OPERATIONS.setCustomerDetails;

/** Calls the client with untyped params, as a JavaScript caller or parsed JSON would. */
async function refusal(params: unknown) {
  const { server, client } = await serverAndClient();
  const error = await rejectionOf(client.setCustomerDetails(params as never));
  expect(error).toBeInstanceOf(TrackfinityValidationError);
  expect(server.requests).toHaveLength(0);
  return error as TrackfinityValidationError;
}

const fields = (error: TrackfinityValidationError) => error.issues.map((issue) => issue.field);

describe("nothing is sent unless the request is valid", () => {
  it("refuses a request without a lookup id", async () => {
    const error = await refusal({ firstname: "Test" });
    expect(fields(error)).toEqual(["customer_id or subscription_id"]);
    expect(error.message).toMatch(/customer_id or subscription_id: missing/);
  });

  it("refuses both lookup ids at once", async () => {
    const error = await refusal({ customer_id: 1, subscription_id: "S", firstname: "Test" });
    expect(error.issues[0]).toEqual({ field: "customer_id or subscription_id", message: "pass only one" });
  });

  it("refuses a lookup id with no detail field, listing the fields to choose from", async () => {
    const error = await refusal({ customer_id: 191 });
    expect(fields(error)).toEqual(["details"]);
    expect(error.message).toContain(DETAIL_FIELDS.join(", "));
  });

  it("refuses a lookup id whose only detail is undefined", async () => {
    expect(fields(await refusal({ customer_id: 191, firstname: undefined }))).toEqual(["details"]);
  });

  it("refuses REMOVE for password", async () => {
    const error = await refusal({ customer_id: 191, password: REMOVE });
    expect(error.issues).toEqual([{ field: "password", message: "can't be removed" }]);
  });

  it("refuses the literal string REMOVE as data and points at the REMOVE constant", async () => {
    const error = await refusal({ customer_id: 191, lastname: "REMOVE" });
    expect(error.issues[0]?.field).toBe("lastname");
    expect(error.issues[0]?.message).toMatch(/would delete the field; use the REMOVE constant/);
  });

  it("refuses the literal string REMOVE as a password", async () => {
    expect((await refusal({ customer_id: 191, password: "REMOVE" })).issues[0]?.field).toBe("password");
  });

  it("refuses an unknown field and lists the known ones", async () => {
    const error = await refusal({ customer_id: 191, firstname: "A", fristname: "B" });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.field).toBe("fristname");
    expect(error.issues[0]?.message).toMatch(
      /unknown field; known fields: customer_id, subscription_id, firstname/,
    );
  });

  it.each([
    ["null", null],
    ["an object", { first: "A" }],
    ["an array", ["A"]],
    ["a boolean", true],
    ["a number (a zip would lose its leading zero)", 2134],
    ["a function", () => "A"],
    ["a symbol other than REMOVE", Symbol("x")],
    ["a bigint", 1n],
  ])("refuses %s as a detail value", async (_name, value) => {
    const error = await refusal({ customer_id: 191, zip: value });
    expect(fields(error)).toEqual(["zip"]);
  });

  it("tells a caller who passed a number what string to pass instead", async () => {
    expect((await refusal({ customer_id: 191, zip: 2134 })).issues[0]?.message).toBe(
      'pass "2134" as a string',
    );
  });

  it.each([
    ["a negative number", -1],
    ["a fraction", 1.5],
    ["an unsafe integer", 2 ** 53],
    ["NaN", Number.NaN],
    ["an empty string", ""],
    ["null", null],
    ["REMOVE", REMOVE],
  ])("refuses %s as a lookup id", async (_name, value) => {
    expect(fields(await refusal({ customer_id: value, firstname: "A" }))).toEqual(["customer_id"]);
  });

  it("refuses strings with a lone UTF-16 surrogate, which URL encoding would silently change", async () => {
    const error = await refusal({ customer_id: 191, firstname: "broken \uD83D text" });
    expect(error.issues).toEqual([{ field: "firstname", message: "has a lone UTF-16 surrogate" }]);
  });

  it("accepts a correctly paired surrogate (an emoji)", async () => {
    const { client } = await serverAndClient();
    await expect(client.setCustomerDetails({ customer_id: 191, firstname: "\uD83D\uDE00" })).resolves.toBe(
      true,
    );
  });

  it("names every offending field in one error", async () => {
    const error = await refusal({ customer_id: 1, subscription_id: 2, password: REMOVE, zip: 5, nope: 1 });
    expect(new Set(fields(error))).toEqual(
      new Set(["nope", "customer_id or subscription_id", "password", "zip"]),
    );
    for (const field of fields(error)) expect(error.message).toContain(`- ${field}: `);
    expect(error.message).toMatch(/^Invalid input, nothing was sent:/);
  });

  it.each([
    [
      "__proto__ (as JSON.parse makes it)",
      JSON.parse('{"customer_id": 1, "firstname": "A", "__proto__": {"x": 1}}'),
    ],
    ["constructor", { customer_id: 1, firstname: "A", constructor: "x" }],
    ["prototype", { customer_id: 1, firstname: "A", prototype: "x" }],
  ])("refuses %s as a key instead of following it", async (_name, params) => {
    const error = await refusal(params);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toMatch(/^unknown field/);
  });

  it("ignores inherited properties: own keys only", async () => {
    const inherited = Object.create({ firstname: "from the prototype" }) as Record<string, unknown>;
    inherited.customer_id = 191;
    expect(fields(await refusal(inherited))).toEqual(["details"]);
  });

  it("turns a getter that throws into a validation issue on that field", async () => {
    const params = {
      customer_id: 1,
      get firstname(): string {
        throw new Error("getter exploded");
      },
    };
    const error = await refusal(params);
    expect(error.issues).toEqual([{ field: "firstname", message: "getter exploded" }]);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "customer_id=1"],
    ["an array", [["customer_id", 1]]],
  ])("refuses %s as params", async (_name, params) => {
    expect(fields(await refusal(params))).toEqual(["params"]);
  });
});
