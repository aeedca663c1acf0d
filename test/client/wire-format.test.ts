import { describe, expect, it } from "vitest";
import { REMOVE } from "../../src/index.ts";
import { SENTINEL_KEY, serverAndClient, USERNAME } from "../support/client-for.ts";

describe("what goes on the wire", () => {
  it("sends one PATCH to /customer/set_customer_details with both credential headers and a form body", async () => {
    const { server, client } = await serverAndClient();
    await expect(
      client.setCustomerDetails({ customer_id: 191, firstname: "Test", zip: "66666" }),
    ).resolves.toBe(true);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("PATCH");
    expect(request?.path).toBe("/customer/set_customer_details");
    expect(request?.headers["api-key"]).toBe(SENTINEL_KEY);
    expect(request?.headers["api-username"]).toBe(USERNAME);
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.body.toString()).toBe("customer_id=191&firstname=Test&zip=66666");
  });

  it("keeps a path prefix of baseUrl and drops its trailing slash", async () => {
    const { server } = await serverAndClient();
    const { createTrackfinityClient } = await import("../../src/index.ts");
    const client = createTrackfinityClient({ baseUrl: `${server.url}/api/`, apiKey: "k", apiUsername: "u" });
    await client.setCustomerDetails({ subscription_id: "SUB-1", city: "Springfield" });
    expect(server.requests[0]?.path).toBe("/api/customer/set_customer_details");
  });

  it("sends REMOVE as the wire token REMOVE", async () => {
    const { server, client } = await serverAndClient();
    await client.setCustomerDetails({ subscription_id: "SUB-2041", address2: REMOVE, custom5: REMOVE });
    expect(server.requests[0]?.body.toString()).toBe(
      "subscription_id=SUB-2041&address2=REMOVE&custom5=REMOVE",
    );
  });

  it("omits undefined values instead of sending them", async () => {
    const { server, client } = await serverAndClient();
    const params = { customer_id: "7", firstname: "Ann", lastname: undefined } as unknown as Parameters<
      typeof client.setCustomerDetails
    >[0];
    await client.setCustomerDetails(params);
    expect(server.requests[0]?.body.toString()).toBe("customer_id=7&firstname=Ann");
  });

  it.each([
    ["ampersand, equals, plus and percent", "a&b=c+d 100%"],
    ["non-ASCII and emoji", "Zoë Łódź 東京 🎉 👩‍👩‍👧"],
    ["line breaks, tabs and control characters", "line1\r\nline2\tend\u0000\u001f\u007f"],
    ["leading and trailing spaces", "  padded  "],
    ["an empty string", ""],
  ])("round-trips %s byte-exactly", async (_name, value) => {
    const { server, client } = await serverAndClient();
    await client.setCustomerDetails({ customer_id: 1, address1: value });
    const decoded = new URLSearchParams(server.requests[0]?.body.toString());
    expect(decoded.get("address1")).toBe(value);
    expect([...decoded.keys()]).toEqual(["customer_id", "address1"]);
  });

  it("does not mutate the caller's params object", async () => {
    const { client } = await serverAndClient();
    const params = { customer_id: 191, firstname: "Test", address2: REMOVE };
    const before = { ...params };
    await client.setCustomerDetails(params);
    expect(params).toEqual(before);
  });
});
