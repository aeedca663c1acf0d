import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  TrackfinityApiError,
  TrackfinityError,
  TrackfinityUnexpectedResponseError,
} from "../../src/index.ts";
import { rejectionOf, SENTINEL_KEY, serverAndClient } from "../support/client-for.ts";
import type { Responder } from "../support/recording-server.ts";

const answer =
  (status: number, body: string, headers: Record<string, string> = {}): Responder =>
  (_request, response) => {
    response.writeHead(status, headers).end(body);
  };

const params = { customer_id: 191, firstname: "Test" } as const;

describe("errors say what happened", () => {
  it.each([
    [400, ""],
    [401, " Check apiKey, apiUsername and the install's API IP allow-list."],
    [403, " Check apiKey, apiUsername and the install's API IP allow-list."],
    [404, ""],
    [405, ""],
    [409, ""],
    [422, ""],
  ])(
    "surfaces %i as a TrackfinityApiError with status, body and headers, without retrying",
    async (status, hint) => {
      const { server, client } = await serverAndClient([
        answer(status, '{"error":"nope"}', { "content-type": "application/json", "x-request-id": "r-1" }),
      ]);
      const error = await rejectionOf(client.setCustomerDetails(params));
      expect(error).toBeInstanceOf(TrackfinityApiError);
      expect(error).toBeInstanceOf(TrackfinityError);
      const apiError = error as TrackfinityApiError;
      expect(apiError.name).toBe("TrackfinityApiError");
      expect(apiError.status).toBe(status);
      expect(apiError.body).toBe('{"error":"nope"}');
      expect(apiError.headers.get("x-request-id")).toBe("r-1");
      expect(apiError.method).toBe("PATCH");
      expect(apiError.url).toBe(`${server.url}/customer/set_customer_details`);
      expect(apiError.retryAfterMs).toBeUndefined();
      expect(apiError.message).toBe(
        `Trackfinity rejected PATCH ${server.url}/customer/set_customer_details (${status}): {"error":"nope"}.${hint}`,
      );
      expect(server.requests).toHaveLength(1);
    },
  );

  it("keeps a long error body whole on the error but shortens it in the message", async () => {
    const body = `<html>${"x".repeat(5_000)}</html>`;
    const { client } = await serverAndClient([answer(400, body, { "content-type": "text/html" })]);
    const error = (await rejectionOf(client.setCustomerDetails(params))) as TrackfinityApiError;
    expect(error.body).toBe(body);
    expect(error.message.length).toBeLessThan(500);
  });

  it.each([
    ["false", "false"],
    ["an HTML page", "<!doctype html><title>Login</title>"],
    ["malformed JSON", '{"ok": tr'],
    ["an empty body", ""],
    ['the string "true"', '"true"'],
    ["an object", '{"result":true}'],
  ])("treats a 200 with %s as an unexpected response", async (_name, body) => {
    const { server, client } = await serverAndClient([answer(200, body)]);
    const error = await rejectionOf(client.setCustomerDetails(params));
    expect(error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    expect((error as TrackfinityUnexpectedResponseError).status).toBe(200);
    expect((error as TrackfinityUnexpectedResponseError).body).toBe(body);
    expect(server.requests).toHaveLength(1);
  });

  it("accepts true with surrounding whitespace and any 2xx status", async () => {
    const { client } = await serverAndClient([answer(201, " true\n")]);
    await expect(client.setCustomerDetails(params)).resolves.toBe(true);
  });

  it("reads at most 64 KiB of a body and says the answer was too large", async () => {
    const { client } = await serverAndClient([answer(200, "t".repeat(200_000))]);
    const error = (await rejectionOf(
      client.setCustomerDetails(params),
    )) as TrackfinityUnexpectedResponseError;
    expect(error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    // The first 64 KiB, less a key's length: a key cut in two by the cap must not leave a fragment.
    expect(error.body).toBe("t".repeat(64 * 1024 - SENTINEL_KEY.length));
    expect(error.message).toMatch(/over 64 KiB/);
  });

  it.each([301, 302, 307, 308])(
    "does not follow a %i redirect and reports where it pointed",
    async (status) => {
      const target = await serverAndClient();
      const { server, client } = await serverAndClient([
        answer(status, "", { location: `${target.server.url}/elsewhere` }),
      ]);
      const error = (await rejectionOf(client.setCustomerDetails(params))) as TrackfinityApiError;
      expect(error).toBeInstanceOf(TrackfinityApiError);
      expect(error.status).toBe(status);
      expect(error.message).toContain(
        `Not followed: set baseUrl to ${target.server.url}/elsewhere's API root.`,
      );
      expect(server.requests).toHaveLength(1);
      expect(target.server.requests).toHaveLength(0);
    },
  );

  it("prints the error's class, status and body in util.inspect", async () => {
    const { client } = await serverAndClient([answer(404, "no such customer")]);
    const shown = inspect(await rejectionOf(client.setCustomerDetails(params)));
    expect(shown).toMatch(/TrackfinityApiError: Trackfinity rejected PATCH/);
    expect(shown).toMatch(/status: 404/);
    expect(shown).toMatch(/body: 'no such customer'/);
  });
});
