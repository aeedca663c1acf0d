import { describe, expect, it } from "vitest";
import {
  type TrackfinityApiError,
  TrackfinityUnexpectedResponseError,
  TrackfinityValidationError,
  validateParams,
} from "../../src/index.ts";
import { rejectionOf, SENTINEL_KEY, serverAndClient, USERNAME } from "../support/client-for.ts";
import type { Responder } from "../support/recording-server.ts";

const answer =
  (status: number, body: string): Responder =>
  (_request, response) =>
    void response.writeHead(status, { "content-type": "application/json" }).end(body);

describe("lockCustomer and unlockCustomer", () => {
  it.each([
    ["lockCustomer", "/customer/lock"],
    ["unlockCustomer", "/customer/unlock"],
  ] as const)("%s sends one PATCH to %s with the lookup id alone, and resolves true", async (id, path) => {
    const { server, client } = await serverAndClient();
    await expect(client[id]({ orderid: "EVT 77031" })).resolves.toBe(true);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect([request?.method, request?.path, request?.body.toString()]).toEqual([
      "PATCH",
      path,
      "orderid=EVT+77031",
    ]);
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect([request?.headers["api-key"], request?.headers["api-username"]]).toEqual([SENTINEL_KEY, USERNAME]);
  });

  it("sends a numeric lookup id as text", async () => {
    const { server, client } = await serverAndClient();
    await client.lockCustomer({ customer_id: 191 });
    expect(server.requests[0]?.body.toString()).toBe("customer_id=191");
  });

  it.each([
    ["no id", {}, "customer_id, subscription_id or orderid", "missing"],
    ["two ids", { customer_id: 1, orderid: "E" }, "customer_id, subscription_id or orderid", "pass only one"],
    [
      "another field",
      { customer_id: 1, zip: "1" },
      "zip",
      "unknown field; known fields: customer_id, subscription_id, orderid",
    ],
    ["an empty id", { orderid: "" }, "orderid", "is empty"],
  ])("refuses %s before sending anything", async (_name, params, field, message) => {
    const { server, client } = await serverAndClient();
    const error = (await rejectionOf(client.unlockCustomer(params as never))) as TrackfinityValidationError;
    expect(error).toBeInstanceOf(TrackfinityValidationError);
    expect(error.issues).toEqual([{ field, message }]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("ping", () => {
  it("sends one GET to /service/ping with both credentials and no body", async () => {
    const { server, client } = await serverAndClient([answer(200, '{"status":"ok"}')]);
    await expect(client.ping()).resolves.toEqual({ status: "ok" });
    const [request] = server.requests;
    expect([request?.method, request?.path, request?.body.length]).toEqual(["GET", "/service/ping", 0]);
    expect(request?.headers["content-type"]).toBeUndefined();
    expect([request?.headers["api-key"], request?.headers["api-username"]]).toEqual([SENTINEL_KEY, USERNAME]);
  });

  it.each([
    ["true", true],
    ["a number", 1],
    ["a string", "pong"],
    ["null", null],
  ])("resolves any JSON answer on 2xx: %s", async (_name, value) => {
    const { client } = await serverAndClient([answer(200, JSON.stringify(value))]);
    await expect(client.ping()).resolves.toEqual(value);
  });

  it.each([
    ["an HTML page", "<html>login</html>"],
    ["an empty body", ""],
  ])("treats %s on 2xx as an unexpected answer: not a Trackfinity API", async (_name, body) => {
    const { client } = await serverAndClient([answer(200, body)]);
    const error = (await rejectionOf(client.ping())) as TrackfinityUnexpectedResponseError;
    expect(error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    expect(error.kind).toBe("misconfigured");
    expect(error.message).toContain("but expected JSON");
  });

  it("surfaces a 401 as a TrackfinityApiError whose kind says the settings are wrong", async () => {
    const { client } = await serverAndClient([answer(401, '"denied"')]);
    const error = (await rejectionOf(client.ping())) as TrackfinityApiError;
    expect([error.status, error.kind, error.method]).toEqual([401, "misconfigured", "GET"]);
  });
});

describe("validateParams", () => {
  it("returns the same params, typed, when every rule holds", () => {
    const input = { customer_id: 191, email: undefined, city: "Springfield" };
    expect(validateParams("setCustomerDetails", input)).toBe(input);
  });

  it("throws the error the method would, naming every field, and sends nothing", () => {
    expect(() => validateParams("lockCustomer", { customer_id: 1, orderid: "E" })).toThrow(
      TrackfinityValidationError,
    );
    expect(() => validateParams("setCustomerDetails", { customer_id: 1 })).toThrow(
      /details: set or REMOVE at least one/,
    );
  });

  it("refuses an operation that takes no params, or none at all, naming the ones that do", () => {
    for (const id of ["ping", "nope", "constructor"]) {
      expect(() => validateParams(id as never, {})).toThrow(
        "operationId: expected one of setCustomerDetails, lockCustomer, unlockCustomer",
      );
    }
  });
});
