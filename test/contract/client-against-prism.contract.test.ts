import { describe, expect, it } from "vitest";
import { REMOVE, TrackfinityValidationError } from "../../src/index.ts";
import { prismClient, rejectionOf } from "../support/client-for.ts";

describe("the client against the Prism mock of openapi.yaml", () => {
  it.each([
    ["an update by customer_id", { customer_id: 191, firstname: "Test", zip: "66666", country: "US" }],
    ["a removal by subscription_id", { subscription_id: "SUB-2041", address2: REMOVE }],
    ["a new password", { customer_id: "191", password: "correct horse" }],
    ["awkward text", { customer_id: 1, custom1: "a&b=c+d 100% Zoë 🎉" }],
  ])("succeeds with %s", async (_name, params) => {
    const { client, sent } = prismClient();
    await expect(client.setCustomerDetails(params)).resolves.toBe(true);
    expect(sent).toHaveLength(1);
  });

  it.each([
    ["no lookup id", { firstname: "Test" }],
    ["both lookup ids", { customer_id: 1, subscription_id: "S", firstname: "Test" }],
    ["no detail field", { customer_id: 1 }],
    ["password REMOVE", { customer_id: 1, password: REMOVE }],
    ["an unknown field", { customer_id: 1, firstname: "A", fristname: "B" }],
  ])("stops %s before Prism sees it", async (_name, params) => {
    const { client, sent } = prismClient();
    expect(await rejectionOf(client.setCustomerDetails(params as never))).toBeInstanceOf(
      TrackfinityValidationError,
    );
    expect(sent).toHaveLength(0);
  });
});
