import { describe, expect, it } from "vitest";
import {
  createTrackfinityClient,
  TrackfinityPagingError,
  TrackfinityRefusalError,
  TrackfinityUnexpectedResponseError,
} from "../../src/index.ts";
import { judgeAnswer } from "../../src/judge-answer.ts";
import type { AnswerRule } from "../../src/operation-shape.ts";
import { rejectionOf, serverAndClient } from "../support/client-for.ts";
import type { Responder } from "../support/recording-server.ts";

const ENVELOPE: AnswerRule = {
  type: "envelope",
  failure: { field: "result", pattern: "^[Ee][Rr][Rr][Oo][Rr]$", answer: "message" },
  success: { pattern: "^[Ss][Uu][Cc][Cc][Ee][Ss][Ss]$", answer: "message", answerRequired: true },
  bare: false,
};

const json =
  (body: unknown, status = 200): Responder =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

describe("judging a 2xx answer by its operation's rule", () => {
  it("reads the vendor's failure envelope as a refusal, whatever the case of error", () => {
    for (const result of ["error", "Error", "ERROR", "eRrOr"]) {
      expect(judgeAnswer(ENVELOPE, { result, message: "Void transaction exists." })).toEqual({
        refusal: "Void transaction exists.",
      });
    }
  });

  it("resolves a success envelope to its message, Success or success", () => {
    expect(judgeAnswer(ENVELOPE, { result: "Success", message: "*success*" })).toEqual({
      answer: "*success*",
    });
  });

  it("maps TRUE and FALSE to booleans where the spec says so, and nothing else", () => {
    const rule: AnswerRule = {
      ...ENVELOPE,
      success: { ...ENVELOPE.success, booleans: { TRUE: true, FALSE: false } } as never,
    };
    expect(judgeAnswer(rule, { result: "success", message: "TRUE" })).toEqual({ answer: true });
    expect(judgeAnswer(rule, { result: "success", message: "FALSE" })).toEqual({ answer: false });
    expect(judgeAnswer(rule, { result: "success", message: "true" })).toBeUndefined();
    expect(judgeAnswer(rule, { result: "success", message: "toString" })).toBeUndefined();
  });

  it("takes a bare list or object of records as the answer only where the spec allows one", () => {
    const records: AnswerRule = { ...ENVELOPE, bare: true };
    expect(judgeAnswer(records, [{ id: 1 }])).toEqual({ answer: [{ id: 1 }] });
    expect(judgeAnswer(records, { "88213": { amount: "25.00" } })).toEqual({
      answer: { "88213": { amount: "25.00" } },
    });
    expect(judgeAnswer(ENVELOPE, [{ id: 1 }])).toBeUndefined();
  });

  it("calls anything else unexpected: true, text, an envelope of another word", () => {
    for (const body of [true, "ok", null, 3, { result: "pending", message: "x" }, { message: "no result" }]) {
      expect([body, judgeAnswer(ENVELOPE, body)]).toEqual([body, undefined]);
    }
  });
});

describe("answers that fail inside a 2xx", () => {
  it("rejects with a refusal carrying the vendor's message, kind refused, and never retries it", async () => {
    const { server, client } = await serverAndClient(
      [json({ result: "error", message: "*error* - Void transaction exists." })],
      {
        maxRetries: 3,
      },
    );
    const error = await rejectionOf(client.voidTransaction({ transaction_hash: "156097c947ece92.38318951" }));
    expect(error).toBeInstanceOf(TrackfinityRefusalError);
    expect(error).toMatchObject({
      kind: "refused",
      status: 200,
      reason: "*error* - Void transaction exists.",
    });
    expect(server.requests).toHaveLength(1);
  });

  it("redacts an echoed key from the vendor's message", async () => {
    const { client } = await serverAndClient([
      json({ result: "error", message: "bad key sentinel-key-0f9e8d7c6b5a" }),
    ]);
    const error = (await rejectionOf(
      client.approvePendingTransaction({ orderid: "O-1" }),
    )) as TrackfinityRefusalError;
    expect(error.reason).toBe("bad key [redacted]");
    expect(error.message).not.toContain("sentinel-key");
  });

  it("resolves checkOrderidExists to the boolean its envelope carries as text", async () => {
    const { client } = await serverAndClient([
      json({ result: "success", message: "TRUE" }),
      json({ result: "success", message: "FALSE" }),
      json({ result: "success", message: "MAYBE" }),
    ]);
    expect(await client.checkOrderidExists({ orderid: "TRACKFINITY:1" })).toBe(true);
    expect(await client.checkOrderidExists({ orderid: "TRACKFINITY:2" })).toBe(false);
    expect(await rejectionOf(client.checkOrderidExists({ orderid: "TRACKFINITY:3" }))).toBeInstanceOf(
      TrackfinityUnexpectedResponseError,
    );
  });
});

describe("a POST that may have been applied is never sent twice by the client", () => {
  it("fails a void at once after a 500 or a timeout, where a retry might void twice", async () => {
    const { server, client } = await serverAndClient([json("failed", 500)], { maxRetries: 3 });
    const error = await rejectionOf(client.voidTransaction({ orderid: "O-1" }));
    expect(error).toMatchObject({ name: "TrackfinityApiError", status: 500, kind: "unavailable" });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a void the install refused unprocessed with 503, and a revenue update (a PATCH) after a 500", async () => {
    const { server, client } = await serverAndClient(
      [
        (_request, response) => {
          response.writeHead(503, { "retry-after": "0" }).end();
        },
        json({ result: "success", message: "*success*" }),
        json("failed", 500),
        json({ result: "success" }),
      ],
      { maxRetries: 3 },
    );
    await expect(client.voidTransaction({ orderid: "O-1" })).resolves.toBe("*success*");
    await expect(client.updateRevenueByOrderid({ orderid: "O-1", amount: 2500 })).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST", "PATCH", "PATCH"]);
  });
});

/** A report server: `pages[i]` answers the request at offset i * size. */
function pagedReport(pages: unknown[], size: number): Responder {
  return (request, response) => {
    const offset = Number(new URL(request.path, "http://127.0.0.1").searchParams.get("trans_start"));
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify(pages[offset / size] ?? []));
  };
}

describe("reading a paged report", () => {
  it("asks page after page and stops at a short page", async () => {
    const { server, client } = await serverAndClient([pagedReport([[{ id: 1 }, { id: 2 }], [{ id: 3 }]], 2)]);
    const pages = [];
    for await (const page of client.getTransactionReportPages({ period: 5, trans_count: 2 }))
      pages.push(page);
    expect(pages.map((page) => [page.offset, page.count])).toEqual([
      [0, 2],
      [2, 1],
    ]);
    expect(server.requests.map((r) => r.path)).toEqual([
      "/report/transaction?period=5&trans_count=2&trans_start=0",
      "/report/transaction?period=5&trans_count=2&trans_start=2",
    ]);
  });

  it("stops at an empty page, and counts an object of records by its keys", async () => {
    const { server, client } = await serverAndClient([
      pagedReport([{ a: { n: 1 }, b: { n: 2 } }, { c: { n: 3 }, d: { n: 4 } }, []], 2),
    ]);
    const counts = [];
    for await (const page of client.getTransactionReportPages({ trans_count: 2 })) counts.push(page.count);
    expect(counts).toEqual([2, 2]);
    expect(server.requests).toHaveLength(3);
  });

  it("asks for the server's page size when the caller gives none, so a short page is known", async () => {
    const { server, client } = await serverAndClient([pagedReport([[{ id: 1 }]], 100)]);
    for await (const _page of client.getTransactionReportPages()) void _page;
    expect(server.requests.map((r) => r.path)).toEqual(["/report/transaction?trans_start=0&trans_count=100"]);
  });

  it("fails with a clear error, instead of looping, when the server repeats a page", async () => {
    const { server, client } = await serverAndClient([json([{ id: 1 }, { id: 2 }])]);
    const seen: number[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const page of client.getTransactionReportPages({ trans_count: 2 })) seen.push(page.count);
      })(),
    );
    expect(error).toBeInstanceOf(TrackfinityPagingError);
    expect(error).toMatchObject({ kind: "refused", offset: 2 });
    expect((error as Error).message).toContain("ignores trans_start");
    expect(seen).toEqual([2]);
    expect(server.requests).toHaveLength(2);
  });

  it("checks the caller's params before the first page, and sends nothing when they break a rule", async () => {
    const { server, client } = await serverAndClient();
    const pages = client.getTransactionReportPages({ period: 8 });
    await expect(pages.next()).rejects.toMatchObject({ name: "TrackfinityValidationError" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("a client without a server, for types only", () => {
  it("has one Pages method per paged report", () => {
    const client = createTrackfinityClient({
      baseUrl: "https://tracking.example.com/api",
      apiKey: "k",
      apiUsername: "u",
    });
    expect(typeof client.getTransactionReportPages).toBe("function");
    expect("getProfitLossReportPages" in client).toBe(false);
  });
});
