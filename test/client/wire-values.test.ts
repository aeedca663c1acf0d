import { describe, expect, it } from "vitest";
import { TrackfinityValidationError, validateParams } from "../../src/index.ts";
import { encodeParams } from "../../src/validate-params.ts";
import { plainDecimal } from "../../src/wire-value.ts";

/** The rule codes a call's params break, field by field. */
function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof TrackfinityValidationError)
      return error.problems.map((p) => `${p.field}: ${p.code}`);
    throw error;
  }
  return [];
}

describe("wire values, written as PHP's parse_str reads them back", () => {
  it("writes decimals in plain digits, never with an exponent, in the shortest form that reads back the same", () => {
    expect([1e21, 1e-7, 0.1 + 0.2, 12.5, -0.000001, 2500, -1.5e22, 123456789.123].map(plainDecimal)).toEqual([
      "1000000000000000000000",
      "0.0000001",
      "0.30000000000000004",
      "12.5",
      "-0.000001",
      "2500",
      "-15000000000000000000000",
      "123456789.123",
    ]);
    for (const value of [1e21, 1e-7, 0.1 + 0.2, 5e-324, 1.7976931348623157e308]) {
      expect(Number(plainDecimal(value))).toBe(value);
    }
  });

  it("sends a chargeback's cost as a plain decimal and the client's own type after the caller's fields", () => {
    expect(
      encodeParams("chargebackTransaction", { transactionid: 88213, cost: 1e21, trans_custom1: "a b&c" }),
    ).toBe("transactionid=88213&cost=1000000000000000000000&trans_custom1=a+b%26c&type=chargeback");
  });

  it("sends integers as digits, a comma list joined, an object with bracket keys", () => {
    expect(encodeParams("updateRevenueByOrderid", { orderid: "TRACKFINITY:1", amount: 2500 })).toBe(
      "orderid=TRACKFINITY%3A1&amount=2500",
    );
    expect(encodeParams("forgetCustomer", { customer_id: 191, keep: ["email", "firstname"] })).toBe(
      "customer_id=191&keep=email%2Cfirstname",
    );
    expect(
      encodeParams("getProfitLossReport", { view: "offer", params: { period: 5, filter_loginid: 12 } }),
    ).toBe("view=offer&params%5Bperiod%5D=5&params%5Bfilter_loginid%5D=12");
    expect(encodeParams("reverseTransaction", { orderid: "O-1" })).toBe("orderid=O-1&reverse=1");
  });
});

describe("what the client refuses before sending, field by field", () => {
  it("an amount that is not a whole number of cents, or not a number", () => {
    expect(problems(() => validateParams("updateRevenueByOrderid", { orderid: "O", amount: 12.5 }))).toEqual([
      "amount: not_whole",
    ]);
    expect(
      problems(() => validateParams("updateRevenueByOrderid", { orderid: "O", amount: "2500" })),
    ).toEqual(["amount: wrong_type"]);
    expect(
      problems(() => validateParams("updateRevenueByOrderid", { orderid: "O", amount: 2 ** 53 })),
    ).toEqual(["amount: not_whole"]);
    expect(
      problems(() => validateParams("chargebackTransaction", { orderid: "O", cost: Number.NaN })),
    ).toEqual(["cost: not_finite"]);
  });

  it("-1 in a custom value, in every spelling PHP's == reads as -1", () => {
    for (const value of ["-1", "-1.0", " -1", "-1 ", "-01", "-1e0", "-.1e1"]) {
      expect([
        value,
        problems(() => validateParams("voidTransaction", { orderid: "O", trans_custom3: value })),
      ]).toEqual([value, ["trans_custom3: forbidden_value"]]);
    }
    expect(problems(() => validateParams("voidTransaction", { orderid: "O", trans_custom3: "-1x" }))).toEqual(
      [],
    );
  });

  it("two lookup ids, none, and a passed type the client fills itself", () => {
    expect(problems(() => validateParams("voidTransaction", { orderid: "O", transactionid: 1 }))).toEqual([
      "transaction_hash, click_hash, orderid or transactionid: lookup_count",
    ]);
    expect(problems(() => validateParams("voidTransaction", {}))).toEqual([
      "transaction_hash, click_hash, orderid or transactionid: lookup_count",
    ]);
    expect(problems(() => validateParams("voidTransaction", { orderid: "O", type: "void" }))).toEqual([
      "type: filled_by_client",
    ]);
  });

  it("period 8 without its dates, dates with another period, a campaign without its affiliate", () => {
    expect(problems(() => validateParams("getTransactionReport", { period: 8 }))).toEqual(["period: needs"]);
    expect(
      problems(() =>
        validateParams("getTransactionReport", { period: 3, start: "2026-11-01", end: "2026-11-02" }),
      ),
    ).toEqual(["period: excludes"]);
    expect(problems(() => validateParams("getTransactionReport", { filter_campaignid: 3 }))).toEqual([
      "filter_campaignid: needs",
    ]);
    expect(
      problems(() =>
        validateParams("getProfitLossReport", { view: "offer", params: { period: 8, start: "a" } }),
      ),
    ).toEqual(["params.period: needs", "params.start: needs"]);
  });

  it("an unknown view, an unknown key inside params, a period out of range", () => {
    expect(problems(() => validateParams("getProfitLossReport", { view: "weekday" }))).toEqual([
      "view: not_one_of",
    ]);
    expect(
      problems(() => validateParams("getProfitLossReport", { view: "offer", params: { nickname: "x" } })),
    ).toEqual(["params.nickname: unknown_field"]);
    expect(problems(() => validateParams("getTransactionReport", { period: 9 }))).toEqual([
      "period: not_one_of",
    ]);
    expect(problems(() => validateParams("getTransactionReport", { trans_count: 0 }))).toEqual([
      "trans_count: out_of_range",
    ]);
  });

  it("params that are not an object: one problem, the wrong type, and no rule inside them checked", () => {
    for (const params of [null, "period=8", 8]) {
      expect(problems(() => validateParams("getProfitLossReport", { view: "offer", params }))).toEqual([
        "params: wrong_type",
      ]);
    }
  });

  it("keep names that are unknown or repeated, and an empty keep", () => {
    expect(problems(() => validateParams("forgetCustomer", { customer_id: 1, keep: ["nickname"] }))).toEqual([
      "keep: unknown_item",
    ]);
    expect(
      problems(() => validateParams("forgetCustomer", { customer_id: 1, keep: ["email", "email"] })),
    ).toEqual(["keep: repeated_item"]);
    expect(problems(() => validateParams("forgetCustomer", { customer_id: 1, keep: [] }))).toEqual([
      "keep: empty",
    ]);
  });

  it("a lookup id that reads REMOVE, in every operation", () => {
    expect(problems(() => validateParams("lockCustomer", { orderid: "REMOVE" }))).toEqual([
      "orderid: remove_as_lookup",
    ]);
    expect(
      problems(() => validateParams("setCustomerDetails", { subscription_id: "REMOVE", firstname: "x" })),
    ).toEqual(["subscription_id: remove_as_lookup"]);
    expect(problems(() => validateParams("voidTransaction", { transaction_hash: "REMOVE" }))).toEqual([
      "transaction_hash: remove_as_lookup",
    ]);
  });

  it("a required field left out", () => {
    expect(problems(() => validateParams("checkOrderidExists", {}))).toEqual(["orderid: required"]);
    expect(problems(() => validateParams("previewTransactionPayout", { amount: 5 }))).toEqual([
      "transaction_hash: required",
    ]);
  });
});
