import { describe, expectTypeOf, it } from "vitest";
import {
  type createTrackfinityClient,
  type LockCustomerParams,
  REMOVE,
  type SetCustomerDetailsInput,
  type SetCustomerDetailsParams,
  type UnlockCustomerParams,
  validateParams,
} from "../../src/index.ts";

declare const client: ReturnType<typeof createTrackfinityClient>;
const lock = (params: LockCustomerParams) => params;

describe("LockCustomerParams and UnlockCustomerParams", () => {
  it("accept exactly one of customer_id, subscription_id or orderid, as text or a number", () => {
    lock({ customer_id: 191 });
    lock({ subscription_id: "SUB-2041" });
    lock({ orderid: "EVT-77031" });
    const unlock: UnlockCustomerParams = { customer_id: "191" };
    void unlock;
  });

  it("refuse no id, two ids, three ids and any other field", () => {
    // @ts-expect-error: a lookup id is required
    lock({});
    // @ts-expect-error: the lookup ids exclude each other
    lock({ customer_id: 1, orderid: "EVT-1" });
    // @ts-expect-error: the lookup ids exclude each other
    lock({ customer_id: 1, subscription_id: "S", orderid: "EVT-1" });
    // @ts-expect-error: lock takes no detail field
    lock({ customer_id: 1, firstname: "Test" });
    // @ts-expect-error: a lookup id is text or a number
    lock({ customer_id: REMOVE });
  });
});

describe("the client's methods, one per operation", () => {
  it("resolve true for lock and unlock, and the parsed JSON for ping", () => {
    expectTypeOf(client.lockCustomer).returns.resolves.toEqualTypeOf<true>();
    expectTypeOf(client.unlockCustomer).returns.resolves.toEqualTypeOf<true>();
    expectTypeOf(client.ping).returns.resolves.toEqualTypeOf<unknown>();
    expectTypeOf(client.lockCustomer).parameter(0).toEqualTypeOf<LockCustomerParams>();
  });

  it("take no params for ping, only call options", () => {
    void client.ping({ signal: AbortSignal.timeout(1_000) });
    // @ts-expect-error: ping has no params
    void client.ping({ customer_id: 1 });
  });
});

declare const order: { customerId: number };
declare const form: { email?: string | undefined; city?: string | undefined };

describe("params built at run time (the guide's example, under strict and exactOptionalPropertyTypes)", () => {
  it("validateParams turns loosely typed input into the method's params", async () => {
    const params = validateParams("setCustomerDetails", {
      customer_id: order.customerId,
      email: form.email, // undefined when the user left it empty: left out
      city: form.city,
    });
    expectTypeOf(params).toEqualTypeOf<SetCustomerDetailsParams>();
    await client.setCustomerDetails(params);
  });

  it("SetCustomerDetailsInput types such input field by field, undefined allowed", () => {
    const input: SetCustomerDetailsInput = { customer_id: order.customerId, email: form.email, zip: REMOVE };
    // @ts-expect-error: fristname is not a field
    const typo: SetCustomerDetailsInput = { fristname: "x" };
    // @ts-expect-error: password can't be removed
    const removed: SetCustomerDetailsInput = { password: REMOVE };
    void [input, typo, removed];
  });

  it("is only for operations that take params", () => {
    // @ts-expect-error: ping has no params to check
    validateParams("ping", {});
  });
});
