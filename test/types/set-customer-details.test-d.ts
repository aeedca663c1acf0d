import { describe, expectTypeOf, it } from "vitest";
import type { operations } from "../../src/generated/openapi.ts";
import type { OPERATIONS } from "../../src/generated/operation-data.ts";
import {
  type createTrackfinityClient,
  type DetailField,
  type LookupField,
  REMOVE,
  type SetCustomerDetailsParams,
  type TrackfinityApiError,
  type ValidationIssue,
} from "../../src/index.ts";

declare const client: ReturnType<typeof createTrackfinityClient>;
const call = (params: SetCustomerDetailsParams) => params;

describe("SetCustomerDetailsParams accepts", () => {
  it("exactly one lookup id, as a string or a number, with any detail fields", () => {
    call({ customer_id: 191, firstname: "Test", zip: "66666" });
    call({ customer_id: "191", lastname: "Customer" });
    call({ subscription_id: "SUB-1", custom5: "x" });
    call({ subscription_id: 42, email: "a@b.test", password: "secret" });
  });

  it("REMOVE on every detail field except password", () => {
    call({ customer_id: 1, address2: REMOVE, custom1: REMOVE, zip: REMOVE, username: REMOVE });
  });

  it("an object built ahead of the call, without a type annotation", () => {
    const update = { customer_id: 191, firstname: "Test", address2: REMOVE };
    call(update);
  });

  it("every detail field at once", () => {
    call({
      customer_id: 1,
      firstname: "a",
      lastname: "a",
      email: "a",
      username: "a",
      password: "a",
      address1: "a",
      address2: "a",
      city: "a",
      state: "a",
      country: "a",
      zip: "a",
      custom1: "a",
      custom2: "a",
      custom3: "a",
      custom4: "a",
      custom5: "a",
    });
  });
});

describe("SetCustomerDetailsParams rejects", () => {
  it("a request without a lookup id", () => {
    // @ts-expect-error: a lookup id is required
    call({ firstname: "Test" });
  });

  it("both lookup ids at once", () => {
    // @ts-expect-error: customer_id and subscription_id exclude each other
    call({ customer_id: 1, subscription_id: "SUB-1", firstname: "Test" });
  });

  it("a lookup id with no detail field", () => {
    // @ts-expect-error: at least one detail field is required
    call({ customer_id: 1 });
  });

  it("REMOVE for password", () => {
    // @ts-expect-error: password can be set, never removed
    call({ customer_id: 1, password: REMOVE });
  });

  it("an unknown key", () => {
    // @ts-expect-error: fristname is not a field
    call({ customer_id: 1, firstname: "Test", fristname: "Typo" });
  });

  it("non-string detail values", () => {
    // @ts-expect-error: numbers lose leading zeros; pass text
    call({ customer_id: 1, zip: 2134 });
    // @ts-expect-error: null is not a value
    call({ customer_id: 1, firstname: null });
    // @ts-expect-error: booleans are not values
    call({ customer_id: 1, custom1: true });
  });

  it("non-string, non-number lookup ids", () => {
    // @ts-expect-error: a lookup id is text or a number
    call({ customer_id: REMOVE, firstname: "Test" });
    // @ts-expect-error: a lookup id is text or a number
    call({ customer_id: null, firstname: "Test" });
  });

  it("a misspelt option on the call", () => {
    // @ts-expect-error: timeout is spelt timeoutMs
    void client.setCustomerDetails({ customer_id: 1, firstname: "a" }, { timeout: 5 });
  });
});

type SetCustomerDetails = (typeof OPERATIONS)["setCustomerDetails"];

type GeneratedBody = NonNullable<
  operations["setCustomerDetails"]["requestBody"]
>["content"]["application/x-www-form-urlencoded"];

describe("derived from the generated spec", () => {
  it("openapi-typescript types the body precisely: two closed objects, every field named, no index signature", () => {
    type Details = SetCustomerDetails["details"][number];
    expectTypeOf<keyof Extract<GeneratedBody, { customer_id: string }>>().toEqualTypeOf<
      "customer_id" | Details
    >();
    expectTypeOf<keyof Extract<GeneratedBody, { subscription_id: string }>>().toEqualTypeOf<
      "subscription_id" | Details
    >();
    expectTypeOf<GeneratedBody[keyof GeneratedBody]>().not.toBeUnknown();
    expectTypeOf<Extract<GeneratedBody, { customer_id: string }>["firstname"]>().toEqualTypeOf<
      string | undefined
    >();
  });

  it("names the same fields as the generated field lists", () => {
    expectTypeOf<LookupField<"setCustomerDetails">>().toEqualTypeOf<SetCustomerDetails["lookup"][number]>();
    expectTypeOf<DetailField<"setCustomerDetails">>().toEqualTypeOf<SetCustomerDetails["details"][number]>();
  });

  it("resolves to true", () => {
    expectTypeOf(client.setCustomerDetails).returns.resolves.toEqualTypeOf<true>();
  });

  it("exposes what callers read off errors", () => {
    expectTypeOf<TrackfinityApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<TrackfinityApiError["body"]>().toEqualTypeOf<string>();
    expectTypeOf<TrackfinityApiError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ValidationIssue>().toEqualTypeOf<{ field: string; message: string }>();
  });
});
