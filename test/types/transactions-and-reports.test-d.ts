import { describe, expectTypeOf, it } from "vitest";
import {
  type ChargebackTransactionParams,
  type createTrackfinityClient,
  type ForgetCustomerParams,
  type GetProfitLossReportParams,
  type GetTransactionReportParams,
  type ReportPage,
  type UpdateRevenueByOrderidParams,
  type VoidTransactionParams,
  validateParams,
} from "../../src/index.ts";

declare const client: ReturnType<typeof createTrackfinityClient>;

describe("the transaction operations' params", () => {
  it("accept one lookup id and the documented fields, numbers where the spec says integer or decimal", () => {
    const voids: VoidTransactionParams[] = [
      { transaction_hash: "156097c947ece92.38318951" },
      { orderid: "TRACKFINITY:1", approved: "1", trans_custom1: "refund" },
      { transactionid: 88213 },
    ];
    const chargeback: ChargebackTransactionParams = { click_hash: "h", cost: 12.5 };
    const revenue: UpdateRevenueByOrderidParams = { orderid: "TRACKFINITY:1", amount: 2500 };
    const forget: ForgetCustomerParams = { customer_id: 191, keep: ["email", "firstname"] };
    void [voids, chargeback, revenue, forget];
  });

  it("refuse what the spec refuses", () => {
    // @ts-expect-error: the client sends type=void itself
    const typed: VoidTransactionParams = { orderid: "O", type: "void" };
    // @ts-expect-error: approved belongs to voids only
    const approved: ChargebackTransactionParams = { orderid: "O", approved: "1" };
    // @ts-expect-error: amount is a number of cents, not text
    const text: UpdateRevenueByOrderidParams = { orderid: "O", amount: "2500" };
    // @ts-expect-error: amount is required
    const noAmount: UpdateRevenueByOrderidParams = { orderid: "O" };
    // @ts-expect-error: keep names come from the documented list
    const keep: ForgetCustomerParams = { customer_id: 1, keep: ["nickname"] };
    // @ts-expect-error: keep is a list, not comma-joined text
    const joined: ForgetCustomerParams = { customer_id: 1, keep: "email,zip" };
    void [typed, approved, text, noAmount, keep, joined];
  });

  it("resolve to the vendor's message, a boolean for the orderid check", () => {
    expectTypeOf(client.voidTransaction).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(client.updateRevenueByOrderid).returns.resolves.toEqualTypeOf<string | undefined>();
    expectTypeOf(client.checkOrderidExists).returns.resolves.toEqualTypeOf<boolean>();
  });
});

describe("the reports' params and answers", () => {
  it("take the documented query, the profit and loss filters as an object", () => {
    const report: GetTransactionReportParams = {
      period: 8,
      start: "2026-11-01",
      end: "2026-11-30",
      trans_count: 500,
    };
    const pl: GetProfitLossReportParams = { view: "offer", params: { period: 5, filter_loginid: 12 } };
    // @ts-expect-error: period is 0 to 8
    const period: GetTransactionReportParams = { period: 9 };
    // @ts-expect-error: an unknown view
    const view: GetProfitLossReportParams = { view: "weekday" };
    // @ts-expect-error: params holds the documented keys only
    const key: GetProfitLossReportParams = { view: "offer", params: { nickname: "x" } };
    void [report, pl, period, view, key];
  });

  it("resolve a page of records, and read every page through an async iterator", () => {
    expectTypeOf(client.getTransactionReport).returns.resolves.toEqualTypeOf<
      unknown[] | Record<string, unknown>
    >();
    expectTypeOf(client.getTransactionReportPages).returns.toEqualTypeOf<AsyncIterableIterator<ReportPage>>();
    void client.getTransactionReport();
  });

  it("validateParams types run-time input for reads as well as writes", () => {
    expectTypeOf(validateParams("getTransactionReport", {})).toEqualTypeOf<GetTransactionReportParams>();
  });
});
