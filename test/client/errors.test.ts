import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createTrackfinityClient,
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
  const call = (url: string, status: number) =>
    `PATCH ${url}/customer/set_customer_details (${status}): {"error":"nope"}.`;
  it.each([
    [400, "refused", (c: string) => `Trackfinity refused ${c}`],
    [
      401,
      "misconfigured",
      (c: string) =>
        `Trackfinity refused the credentials: ${c} Check apiKey and apiUsername, and that this machine's IP address is on the install's admin API allow-list.`,
    ],
    [
      403,
      "misconfigured",
      (c: string) =>
        `Trackfinity refused the credentials: ${c} Check apiKey and apiUsername, and that this machine's IP address is on the install's admin API allow-list.`,
    ],
    [
      404,
      "refused",
      (c: string) =>
        `Trackfinity refused ${c} Check the lookup id, and that baseUrl is the install's API root.`,
    ],
    [
      405,
      "misconfigured",
      (c: string) => `Trackfinity refused ${c} Check that baseUrl is the install's API root, ending in /api.`,
    ],
    [409, "refused", (c: string) => `Trackfinity refused ${c}`],
    [422, "refused", (c: string) => `Trackfinity refused ${c}`],
  ])(
    "surfaces %i as a TrackfinityApiError (kind %s) with status, body and headers, without retrying",
    async (status, kind, message) => {
      const { server } = await serverAndClient([
        answer(status, '{"error":"nope"}', { "content-type": "application/json", "x-request-id": "r-1" }),
      ]);
      // An API root ending in /api, as an install's does.
      const apiRoot = `${server.url}/api`;
      const client = createTrackfinityClient({ baseUrl: apiRoot, apiKey: SENTINEL_KEY, apiUsername: "u" });
      const error = await rejectionOf(client.setCustomerDetails(params));
      expect(error).toBeInstanceOf(TrackfinityApiError);
      expect(error).toBeInstanceOf(TrackfinityError);
      const apiError = error as TrackfinityApiError;
      expect(apiError.name).toBe("TrackfinityApiError");
      expect(apiError.kind).toBe(kind);
      expect(apiError.status).toBe(status);
      expect(apiError.body).toBe('{"error":"nope"}');
      expect(apiError.headers.get("x-request-id")).toBe("r-1");
      expect(apiError.method).toBe("PATCH");
      expect(apiError.url).toBe(`${apiRoot}/customer/set_customer_details`);
      expect(apiError.retryAfterMs).toBeUndefined();
      expect(apiError.message).toBe(message(call(apiRoot, status)));
      expect(server.requests).toHaveLength(1);
    },
  );

  it.each([
    [429, "throttled", "Trackfinity asked to slow down: "],
    [503, "throttled", "Trackfinity failed: "],
    [500, "unavailable", "Trackfinity failed: "],
    [408, "unavailable", "Trackfinity failed: "],
  ])("says a %i is the server's trouble, not the caller's fault (kind %s)", async (status, kind, start) => {
    const { server, client } = await serverAndClient([answer(status, "")], { maxRetries: 0, patienceMs: 0 });
    const error = (await rejectionOf(client.setCustomerDetails(params))) as TrackfinityApiError;
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(
      `${start}PATCH ${server.url}/customer/set_customer_details (${status}).${status === 429 ? " Try again later." : " The install may be down or in maintenance; try again later."}`,
    );
    expect(error.message).not.toMatch(/rejected|refused/);
  });

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

  it.each([404, 405])(
    "says a base URL without /api probably lacks the API root when it answers %i, whatever the operation",
    async (status) => {
      const { server, client } = await serverAndClient([answer(status, "Not Found")], { maxRetries: 0 });
      for (const call of [() => client.setCustomerDetails(params), () => client.ping()]) {
        const error = (await rejectionOf(call())) as TrackfinityApiError;
        expect(error.advice).toEqual({ code: "add_api_root", baseUrl: `${server.url}/api` });
        expect(error.message).toMatch(
          `(${status}): Not Found. baseUrl probably lacks the install's API root: set it to ${server.url}/api.`,
        );
        expect(error.message).not.toMatch(/lookup id|apiKey/);
      }
    },
  );

  it("never tells to check the lookup id of an operation that has none: a 404 to ping points at the credentials", async () => {
    const { server } = await serverAndClient([answer(404, "Not Found")]);
    const apiRoot = `${server.url}/api`;
    const client = createTrackfinityClient({ baseUrl: apiRoot, apiKey: SENTINEL_KEY, apiUsername: "u" });
    const error = (await rejectionOf(client.ping())) as TrackfinityApiError;
    expect(error.advice).toEqual({ code: "check_credentials" });
    expect(error.message).toBe(
      `Trackfinity refused the credentials: GET ${apiRoot}/service/ping (404): Not Found. Check apiKey and apiUsername, and that this machine's IP address is on the install's admin API allow-list.`,
    );
    const withParams = (await rejectionOf(
      client.checkOrderidExists({ orderid: "EVT-1" }),
    )) as TrackfinityApiError;
    expect(withParams.advice).toEqual({ code: "read_body" });
    expect(withParams.message).not.toMatch(/lookup id/);
  });

  it("names the API root a redirect points at when it keeps the operation's path", async () => {
    const { server, client } = await serverAndClient([
      answer(301, "", { location: "https://new.example.test/api/customer/set_customer_details" }),
    ]);
    const error = (await rejectionOf(client.setCustomerDetails(params))) as TrackfinityApiError;
    expect(error.message).toBe(
      `Trackfinity redirected PATCH ${server.url}/customer/set_customer_details (301) to https://new.example.test/api/customer/set_customer_details. Not followed, so the key stays with baseUrl: set baseUrl to https://new.example.test/api.`,
    );
  });

  it("reads at most 64 KiB of a body and says the answer was too large", async () => {
    const { client } = await serverAndClient([answer(200, "t".repeat(200_000))]);
    const error = (await rejectionOf(
      client.setCustomerDetails(params),
    )) as TrackfinityUnexpectedResponseError;
    expect(error).toBeInstanceOf(TrackfinityUnexpectedResponseError);
    // The first 64 KiB, less the longest form of the key (each character escaped as \u00xx, 6
    // characters): a key cut in two by the cap, in any form, must not leave a fragment.
    expect(error.body).toBe("t".repeat(64 * 1024 - 6 * SENTINEL_KEY.length));
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
      expect(error.kind).toBe("misconfigured");
      expect(error.message).toBe(
        `Trackfinity redirected PATCH ${server.url}/customer/set_customer_details (${status}) to ${target.server.url}/elsewhere. Not followed, so the key stays with baseUrl: set baseUrl to the API root the server redirects to.`,
      );
      expect(server.requests).toHaveLength(1);
      expect(target.server.requests).toHaveLength(0);
    },
  );

  it("prints the error's class, status and body in util.inspect", async () => {
    const { client } = await serverAndClient([answer(404, "no such customer")]);
    const shown = inspect(await rejectionOf(client.setCustomerDetails(params)));
    expect(shown).toMatch(/TrackfinityApiError: Trackfinity refused PATCH/);
    expect(shown).toMatch(/status: 404/);
    expect(shown).toMatch(/body: 'no such customer'/);
  });
});
