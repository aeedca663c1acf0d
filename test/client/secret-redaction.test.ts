import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createRedactor,
  TrackfinityApiError,
  TrackfinityRefusalError,
  TrackfinityUnexpectedResponseError,
} from "../../src/index.ts";
import { rejectionOf, serverAndClient } from "../support/client-for.ts";
import type { RecordedRequest, Responder } from "../support/recording-server.ts";

const PASSWORD = "My Secret Pass!";
/** A key with the characters JSON escapes (`"`, `\`), and `/`, which PHP escapes too. */
const KEY = 'k3y"with\\quote/and-slash-5e4717e1';

/** `text` with every character written as a JSON `\uXXXX` escape. */
const escapedEach = (text: string) =>
  [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/** Each form the secrets take in the echoes below: none may be left on an error. */
const FORMS = [
  PASSWORD,
  "My+Secret+Pass%21",
  "My%20Secret%20Pass%21",
  KEY,
  JSON.stringify(KEY).slice(1, -1),
  JSON.stringify(KEY).slice(1, -1).replace("/", "\\/"),
  escapedEach(KEY),
];

/** Everything a caller can observe about an error. */
function observable(error: unknown): string {
  const e = error as Error;
  return [String(e), e.stack, inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e)].join("\n");
}

/** A server that answers `status` with `body(request)`, in the body and in a header. */
const echo =
  (status: number, body: (request: RecordedRequest) => string): Responder =>
  (request, response) => {
    response.writeHead(status, { "x-echo": body(request) }).end(body(request));
  };

const clientAnswering = (responder: Responder) =>
  serverAndClient([responder], { apiKey: KEY, maxRetries: 0 });

describe("a secret is redacted in every form a server may echo it in", () => {
  it.each([
    ["the form body, as sent (+ for a space)", "password=My+Secret+Pass%21"],
    ["the form body, %20 for a space", "password=My%20Secret%20Pass%21"],
    ["JSON", JSON.stringify({ password: PASSWORD, "api-key": KEY })],
    ["JSON, a slash escaped as PHP writes it", JSON.stringify({ "api-key": KEY }).replace("/", "\\/")],
    ["JSON, every character escaped", `{"api-key":"${escapedEach(KEY)}"}`],
  ])("createRedactor finds the key and the password in %s", (_name, text) => {
    const redacted = createRedactor([KEY, PASSWORD])(text);
    expect(redacted).toContain("[redacted]");
    for (const form of FORMS) expect(redacted).not.toContain(form);
  });

  it("finds a non-ASCII secret URL-encoded as UTF-8, in either case of hex, and JSON-escaped", () => {
    const redact = createRedactor(["Pässwort/2026"]);
    expect(redact("password=P%C3%A4sswort%2F2026&x=1")).toBe("password=[redacted]&x=1");
    expect(redact("password=P%c3%a4sswort%2f2026&x=1")).toBe("password=[redacted]&x=1");
    expect(redact('{"password":"P\\u00e4sswort\\/2026"}')).toBe('{"password":"[redacted]"}');
  });

  it("leaves file names and paths whole around a short key, and blanks it where it stands alone", () => {
    const redact = createRedactor(["k"]);
    const paths = "cannot write /tmp/k/out.ndjson, k.csv or C:\\k\\x.csv";
    expect(redact(paths)).toBe(paths);
    expect(redact("api-key: k; the key is k.")).toBe("api-key: [redacted]; the key is [redacted].");
  });

  it.for([
    { status: 400, errorClass: TrackfinityApiError },
    { status: 200, errorClass: TrackfinityUnexpectedResponseError },
  ])(
    "a $status that echoes the form body and the key as JSON keeps neither on its $errorClass.name",
    async ({ status, errorClass }) => {
      const body = (request: RecordedRequest) =>
        `${request.body.toString()} ${JSON.stringify({ key: request.headers["api-key"] })}`;
      const { server, client } = await clientAnswering(echo(status, body));
      const error = await rejectionOf(client.setCustomerDetails({ customer_id: 1, password: PASSWORD }));
      expect(server.requests[0]?.body.toString()).toBe("customer_id=1&password=My+Secret+Pass%21");
      expect(error).toBeInstanceOf(errorClass);
      const { body: kept, headers } = error as TrackfinityApiError;
      expect(kept).toBe('customer_id=1&password=[redacted] {"key":"[redacted]"}');
      expect(headers.get("x-echo")).toBe(kept);
      for (const form of FORMS) expect(observable(error)).not.toContain(form);
    },
  );

  it("a refusal quoting the key keeps it neither in its reason nor, JSON-escaped, in its body", async () => {
    const body = (request: RecordedRequest) =>
      JSON.stringify({ result: "error", message: `bad key ${request.headers["api-key"]}` });
    const { client } = await clientAnswering(echo(200, body));
    const error = (await rejectionOf(
      client.voidTransaction({ orderid: "EVT-1" }),
    )) as TrackfinityRefusalError;
    expect(error).toBeInstanceOf(TrackfinityRefusalError);
    expect(error.reason).toBe("bad key [redacted]");
    expect(error.body).toBe('{"result":"error","message":"bad key [redacted]"}');
    for (const form of FORMS) expect(observable(error)).not.toContain(form);
  });

  it("a key echoed whole just before the 64 KiB read cap leaves no part of it on the error", async () => {
    // The key ends 10 characters before the cap; cutting a key's length off the read text, as the
    // client did, kept its first 10 characters.
    const padding = "x".repeat(64 * 1024 - KEY.length - 10);
    const { client } = await clientAnswering((_request, response) => {
      response.writeHead(500).end(`${padding}${KEY}${"y".repeat(100)}`);
    });
    const error = (await rejectionOf(client.lockCustomer({ customer_id: 1 }))) as TrackfinityApiError;
    expect(error.body).toMatch(/^x+$/);
    expect(observable(error)).not.toContain(KEY.slice(0, 8));
  });
});
