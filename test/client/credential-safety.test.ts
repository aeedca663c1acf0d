import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createTrackfinityClient, REMOVE } from "../../src/index.ts";
import { rejectionOf, SENTINEL_KEY, serverAndClient } from "../support/client-for.ts";
import type { Responder } from "../support/recording-server.ts";

/** Everything a caller can observe about an error. */
function observable(error: unknown): string {
  const e = error as Error;
  return [String(e), e.stack, inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e)].join("\n");
}

const echoHeaders: Responder = (request, response) => {
  response
    .writeHead(500, { "x-echo-key": String(request.headers["api-key"]) })
    .end(JSON.stringify({ received: request.headers }));
};

describe("the API key never leaks", () => {
  it("is absent from util.inspect of the client", () => {
    const client = createTrackfinityClient({
      baseUrl: "https://t.example.com/api",
      apiKey: SENTINEL_KEY,
      apiUsername: "u",
    });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(SENTINEL_KEY);
    expect(JSON.stringify(client)).not.toContain(SENTINEL_KEY);
  });

  it("is redacted from an error built from a server that echoes the request headers back", async () => {
    const { client } = await serverAndClient([echoHeaders], { maxRetries: 0 });
    const error = await rejectionOf(client.setCustomerDetails({ customer_id: 1, firstname: "A" }));
    expect(observable(error)).not.toContain(SENTINEL_KEY);
    expect(observable(error)).toContain("[redacted]");
  });

  it("is absent from validation, connection and timeout errors", async () => {
    const { server, client } = await serverAndClient([() => {}], { timeoutMs: 100, maxRetries: 0 });
    const errors = [
      await rejectionOf(client.setCustomerDetails({ customer_id: 1, password: REMOVE } as never)),
      await rejectionOf(client.setCustomerDetails({ customer_id: 1, firstname: "A" })),
    ];
    await server.close();
    errors.push(await rejectionOf(client.setCustomerDetails({ customer_id: 1, firstname: "A" })));
    for (const error of errors) expect(observable(error)).not.toContain(SENTINEL_KEY);
  });

  it("is absent from every log line, at every level", async () => {
    const lines: string[] = [];
    const logger = { debug: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
    const { client } = await serverAndClient([echoHeaders, (_r, res) => void res.end("true")], { logger });
    await client.setCustomerDetails({ customer_id: 1, firstname: "A" });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join("\n")).not.toContain(SENTINEL_KEY);
    expect(lines).toContainEqual(
      expect.stringMatching(/^trackfinity: TrackfinityApiError; retry 1 of 2 in \d+ ms$/),
    );
  });

  it("is refused, not echoed, when it holds CR/LF", () => {
    const apiKey = `${SENTINEL_KEY}\r\nx-evil: 1`;
    let thrown: unknown;
    try {
      createTrackfinityClient({ baseUrl: "https://t.example.com/api", apiKey, apiUsername: "u" });
    } catch (error) {
      thrown = error;
    }
    expect(observable(thrown)).toMatch(/apiKey: must be printable ASCII/);
    expect(observable(thrown)).not.toContain(SENTINEL_KEY);
  });
});

describe("a short API key (a test key such as k) changes no outcome and garbles no text", () => {
  const answer =
    (status: number, body: string): Responder =>
    (_request, response) =>
      void response.writeHead(status, { "content-type": "application/json" }).end(body);

  it.each(["e", "t", "rue", "true", "tr"])(
    "judges the answer true as true with the key %j",
    async (apiKey) => {
      const { client } = await serverAndClient([answer(200, "true")], { apiKey });
      await expect(client.setCustomerDetails({ customer_id: 1, firstname: "A" })).resolves.toBe(true);
    },
  );

  it("leaves words that merely contain the key whole, and blanks the key where it stands alone", async () => {
    const { client } = await serverAndClient([answer(404, '"trackfinity: no customer; key k refused"')], {
      apiKey: "k",
      maxRetries: 0,
    });
    const error = (await rejectionOf(
      client.setCustomerDetails({ customer_id: 1, firstname: "A" }),
    )) as Error & {
      body: string;
    };
    expect(error.body).toBe('"trackfinity: no customer; key [redacted] refused"');
    expect(error.message).toContain("trackfinity: no customer; key [redacted] refused");
  });

  it("still blanks a long key wherever it appears, even inside other text", async () => {
    const { client } = await serverAndClient([answer(400, `token=x${SENTINEL_KEY}y`)], { maxRetries: 0 });
    const error = (await rejectionOf(
      client.setCustomerDetails({ customer_id: 1, firstname: "A" }),
    )) as Error & {
      body: string;
    };
    expect(error.body).toBe("token=x[redacted]y");
  });
});
