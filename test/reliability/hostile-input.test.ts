import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createTrackfinityClient,
  REMOVE,
  type TrackfinityClient,
  TrackfinityValidationError,
} from "../../src/index.ts";
import { type FaultServer, startFaultServer } from "./fault-server.ts";
import { settleWithin, unhandled } from "./harness.ts";
import {
  type BuildContext,
  buildObject,
  fingerprint,
  type HostileInput,
  hostileInput,
  type ObjectSpec,
  type Shape,
  type ValueSpec,
} from "./hostile-values.ts";
import { API_USERNAME, expectNoSecret, SENTINEL_API_KEY, secretChecks } from "./secrets.ts";

/** Recorded in docs/reliability.md; change both together. */
const SEED = 20_261_126;
const RUNS = 500;
const PATH = "/customer/set_customer_details";
const ENV = ["TRACKFINITY_BASE_URL", "TRACKFINITY_API_KEY", "TRACKFINITY_API_USERNAME"] as const;

interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

type Verdict = "sent" | "refused" | "aborted";

let recorder: FaultServer;
const realFetch = globalThis.fetch;
const savedEnv = new Map<string, string | undefined>();
/** Every request the client handed to a fetch, whichever fetch it used. */
const sent: SentRequest[] = [];

/**
 * The only way out of this suite: records the request, forwards it to the recording server
 * when it is addressed there, and answers `true` itself for any other origin (nothing leaves
 * 127.0.0.1). Installed as the client's `fetch` option and as `globalThis.fetch`.
 */
async function guardFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const body = await request.clone().text();
  sent.push({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body });
  if (new URL(request.url).origin === recorder.url) return realFetch(request);
  return new Response("true", { headers: { "content-type": "application/json" } });
}

beforeAll(async () => {
  recorder = await startFaultServer();
  for (const name of ENV) {
    savedEnv.set(name, process.env[name]);
    delete process.env[name];
  }
  globalThis.fetch = guardFetch;
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  for (const [name, value] of savedEnv) if (value !== undefined) process.env[name] = value;
  await recorder.close();
  expect(unhandled).toEqual([]);
  expect(secretChecks.texts).toBeGreaterThan(100);
});

/** Replays a recorded request to the Prism mock of openapi.yaml. */
async function replayToPrism(request: SentRequest) {
  const response = await realFetch(`${inject("prismUrl")}${PATH}`, {
    method: "PATCH",
    headers: {
      "content-type": request.headers["content-type"] ?? "",
      "api-key": request.headers["api-key"] ?? "",
      "api-username": request.headers["api-username"] ?? "",
    },
    body: request.body,
  });
  return {
    status: response.status,
    body: await response.text(),
    violations: response.headers.get("sl-violations"),
  };
}

const byText = (a: [string, string], b: [string, string]) => (a.join("=") < b.join("=") ? -1 : 1);

/** What the client should have sent for params it accepted: every own enumerable field set, as text. */
function expectedPairs(params: object): Array<[string, string]> {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]): [string, string] => [key, value === REMOVE ? "REMOVE" : String(value)])
    .sort(byText);
}

/**
 * Builds the input, calls the client, and checks the property: the call either sends one request
 * that Prism accepts (holding exactly the caller's fields) or throws TrackfinityValidationError
 * (the signal's own reason for an already-aborted signal) having sent nothing; it never throws
 * anything else, never hangs, never changes the caller's objects, never shows the key.
 */
async function judge(input: HostileInput): Promise<Verdict> {
  const context: BuildContext = {
    recorderUrl: recorder.url,
    guardFetch,
    mutations: [],
    proxies: new WeakSet(),
    logLines: [],
    abortedSignal: false,
  };
  const options = buildObject(input.options, context, "options");
  const params = buildObject(input.params, context, "params");
  const call = input.call && buildObject(input.call, context, "call options");
  const before = [options, params, call].map((value) => fingerprint(value, context));
  const sentBefore = sent.length;
  const recordedBefore = recorder.requests.length;

  let error: unknown;
  let client: TrackfinityClient | undefined;
  try {
    client = createTrackfinityClient(options as never);
  } catch (thrown) {
    error = thrown;
  }
  if (client) {
    const outcome = await settleWithin(client.setCustomerDetails(params as never, call as never), 5_000);
    if (outcome.status === "rejected") error = outcome.reason;
    else expect(outcome.value).toBe(true);
  }

  const verdict: Verdict | undefined =
    error === undefined
      ? "sent"
      : error instanceof TrackfinityValidationError
        ? "refused"
        : context.abortedSignal && error instanceof Error && error.message === "aborted before the call"
          ? "aborted"
          : undefined;
  if (verdict === undefined) expect.fail(`the client threw something else: ${inspect(error)}`);
  expect(context.mutations, "no mutating proxy trap fired").toEqual([]);
  expect(
    [options, params, call].map((value) => fingerprint(value, context)),
    "the caller's objects are unchanged",
  ).toEqual(before);
  expectNoSecret("hostile input", error, ...context.logLines);

  const requests = sent.slice(sentBefore);
  if (verdict !== "sent") {
    expect(requests, "nothing was sent").toEqual([]);
    expect(recorder.requests.length).toBe(recordedBefore);
    expect((error as TrackfinityValidationError).issues ?? ["abort"]).not.toHaveLength(0);
    return verdict;
  }
  expect(requests).toHaveLength(1);
  const request = requests[0] as SentRequest;
  expect(request.method).toBe("PATCH");
  expect(new URL(request.url).pathname.endsWith(PATH)).toBe(true);
  expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  expect(request.headers["x-injected"], "no header smuggled in").toBeUndefined();
  expect([...new URLSearchParams(request.body)].sort(byText), "exactly the caller's fields").toEqual(
    expectedPairs(params as object),
  );
  if (new URL(request.url).origin === recorder.url) {
    expect(recorder.requests.at(-1)?.body, "the wire carried the same body").toBe(request.body);
  }
  const prism = await replayToPrism(request);
  expect(prism, "Prism accepts the request").toEqual({ status: 200, body: "true", violations: null });
  return verdict;
}

describe("hostile input: the whole parameter space (fast-check)", () => {
  it(`sends what Prism accepts or refuses before sending; nothing else (seed ${SEED}, ${RUNS} runs)`, {
    timeout: 60_000,
  }, async () => {
    const verdicts: Record<Verdict, number> = { sent: 0, refused: 0, aborted: 0 };
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        verdicts[await judge(input)]++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.info(`hostile-input verdicts: ${JSON.stringify(verdicts)}`);
    // Neither side may be vacuous: many runs must send, many must be refused.
    expect(verdicts.sent).toBeGreaterThan(RUNS * 0.15);
    expect(verdicts.refused).toBeGreaterThan(RUNS * 0.15);
  });
});

// ---------------------------------------------------------------- the hand-made corpus

const s = (v: string): ValueSpec => ({ t: "str", v });
const n = (v: number): ValueSpec => ({ t: "num", v });
const GOOD_OPTIONS: Record<string, ValueSpec> = {
  baseUrl: s("{recorder}"),
  apiKey: s("{key}"),
  apiUsername: s(API_USERNAME),
  fetch: { t: "guard fetch" },
  logger: { t: "logger", mode: "recording" },
};
const options = (over: Record<string, ValueSpec> = {}, shape: Shape = "plain"): ObjectSpec => ({
  shape,
  entries: Object.entries({ ...GOOD_OPTIONS, ...over }),
});
const params = (entries: Record<string, ValueSpec>, shape: Shape = "plain"): ObjectSpec => ({
  shape,
  entries: Object.entries(entries),
});
const withFirstname = (firstname: ValueSpec, shape: Shape = "plain") =>
  params({ customer_id: s("191"), firstname }, shape);
const VALID = withFirstname(s("Test"));

let controls = "";
for (let code = 0; code < 0x20; code++) controls += String.fromCharCode(code);
for (let code = 0x7f; code < 0xa0; code++) controls += String.fromCharCode(code);

interface Case {
  name: string;
  input: Partial<HostileInput>;
  expected: Verdict;
}

const corpus: Case[] = [
  // Keys that reach for the prototype.
  {
    name: "__proto__ key via JSON.parse",
    input: {
      params: {
        shape: "JSON.parse",
        entries: [...VALID.entries, ["__proto__", { t: "anything", v: { isAdmin: true } }]],
      },
    },
    expected: "refused",
  },
  {
    name: "__proto__ as an own key",
    input: { params: { ...VALID, shape: "own __proto__ key" } },
    expected: "refused",
  },
  {
    name: "a constructor key",
    input: { params: params({ customer_id: s("1"), constructor: s("x") }) },
    expected: "refused",
  },
  {
    name: "a prototype key",
    input: { params: params({ customer_id: s("1"), firstname: s("x"), prototype: s("x") }) },
    expected: "refused",
  },
  {
    name: "a detail field only on the prototype (not read)",
    input: { params: { ...VALID, shape: "half inherited" } },
    expected: "refused",
  },
  // Unusual but honest objects.
  {
    name: "a null-prototype object",
    input: { params: { ...VALID, shape: "null prototype" } },
    expected: "sent",
  },
  { name: "a frozen object", input: { params: { ...VALID, shape: "frozen" } }, expected: "sent" },
  {
    name: "getters returning the values",
    input: { params: { ...VALID, shape: "getters" } },
    expected: "sent",
  },
  { name: "a transparent Proxy", input: { params: { ...VALID, shape: "transparent" } }, expected: "sent" },
  // Objects that fight back.
  {
    name: "a getter that throws",
    input: { params: { ...VALID, shape: "one getter throws" } },
    expected: "refused",
  },
  {
    name: "a Proxy whose traps throw",
    input: { params: { ...VALID, shape: "throwing" } },
    expected: "refused",
  },
  {
    name: "a Proxy whose traps throw a string",
    input: { params: { ...VALID, shape: "throws a non-Error" } },
    expected: "refused",
  },
  {
    name: "a Proxy whose traps throw a revoked Proxy",
    input: { params: { ...VALID, shape: "throws a revoked proxy" } },
    expected: "refused",
  },
  {
    name: "a revoked Proxy as params",
    input: { params: { ...VALID, shape: "revoked" } },
    expected: "refused",
  },
  {
    name: "a revoked Proxy as a value",
    input: { params: withFirstname({ t: "proxy", mode: "revoked" }) },
    expected: "refused",
  },
  {
    name: "a revoked Proxy as the lookup id",
    input: { params: params({ customer_id: { t: "proxy", mode: "revoked" }, firstname: s("x") }) },
    expected: "refused",
  },
  {
    name: "a throwing Proxy as a value",
    input: { params: withFirstname({ t: "proxy", mode: "throwing" }) },
    expected: "refused",
  },
  {
    name: "a value whose toString throws",
    input: { params: withFirstname({ t: "unprintable" }) },
    expected: "refused",
  },
  {
    name: "a boxed String value",
    input: { params: withFirstname({ t: "boxed string", v: "Test" }) },
    expected: "refused",
  },
  { name: "params null", input: { params: { ...VALID, shape: "null" } }, expected: "refused" },
  { name: "params an array", input: { params: { ...VALID, shape: "array" } }, expected: "refused" },
  { name: "params a query string", input: { params: { ...VALID, shape: "string" } }, expected: "refused" },
  // Big and strange text.
  { name: "a 1 MB value", input: { params: withFirstname(s("x".repeat(1 << 20))) }, expected: "sent" },
  {
    name: "a 1 MB value of two-byte UTF-8 (6 MB encoded)",
    input: { params: withFirstname(s("é".repeat(1 << 20))) },
    expected: "sent",
  },
  {
    name: "every control character in a value",
    input: { params: withFirstname(s(controls)) },
    expected: "sent",
  },
  {
    name: "every control character in the lookup id",
    input: { params: params({ subscription_id: s(controls), city: s("x") }) },
    expected: "sent",
  },
  {
    name: "CR/LF and a header line in a value",
    input: { params: withFirstname(s("x\r\nX-Injected: 1\r\n\r\n")) },
    expected: "sent",
  },
  {
    name: "form syntax in a value",
    input: { params: withFirstname(s("a&customer_id=2&b=%00+#")) },
    expected: "sent",
  },
  { name: "a surrogate pair (emoji)", input: { params: withFirstname(s("🎉👩‍👩‍👧")) }, expected: "sent" },
  { name: "a lone high surrogate", input: { params: withFirstname(s("x\uD800")) }, expected: "refused" },
  { name: "a lone low surrogate", input: { params: withFirstname(s("\uDC00x")) }, expected: "refused" },
  {
    name: "a reversed surrogate pair",
    input: { params: withFirstname(s("\uDC00\uD800")) },
    expected: "refused",
  },
  {
    name: "a lone surrogate in the lookup id",
    input: { params: params({ customer_id: s("\uD83D"), firstname: s("x") }) },
    expected: "refused",
  },
  // REMOVE and numbers.
  { name: "the REMOVE constant", input: { params: withFirstname({ t: "REMOVE" }) }, expected: "sent" },
  { name: "the string REMOVE", input: { params: withFirstname(s("REMOVE")) }, expected: "refused" },
  {
    name: "REMOVE on password",
    input: { params: params({ customer_id: s("1"), password: { t: "REMOVE" } }) },
    expected: "refused",
  },
  {
    name: "a numeric lookup id",
    input: { params: params({ customer_id: n(191), firstname: s("x") }) },
    expected: "sent",
  },
  ...[-1, 1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY].map(
    (id): Case => ({
      name: `the lookup id ${id}`,
      input: { params: params({ customer_id: n(id), firstname: s("x") }) },
      expected: "refused",
    }),
  ),
  {
    name: "a bigint lookup id",
    input: { params: params({ customer_id: { t: "big", v: "191" }, firstname: s("x") }) },
    expected: "refused",
  },
  { name: "a numeric detail value", input: { params: withFirstname(n(7)) }, expected: "refused" },
  // Credentials.
  ...["{key}\r\nX-Injected: 1", "{key}\n", "{key}\u0000", " {key}", "{key}é", ""].map(
    (apiKey): Case => ({
      name: `apiKey ${JSON.stringify(apiKey)}`,
      input: { options: options({ apiKey: s(apiKey) }) },
      expected: "refused",
    }),
  ),
  ...["tester\r\nX-Injected: 1", "tést", "tester\t"].map(
    (apiUsername): Case => ({
      name: `apiUsername ${JSON.stringify(apiUsername)}`,
      input: { options: options({ apiUsername: s(apiUsername) }) },
      expected: "refused",
    }),
  ),
  // Base URLs.
  ...[
    "https://u:p@127.0.0.1/api",
    `https://admin:${SENTINEL_API_KEY}@127.0.0.1/api`,
    "https://u@127.0.0.1/api",
    "{recorder}/api?debug=1",
    "{recorder}/api?",
    "{recorder}/api#top",
    "{recorder}/api#",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/plain,true",
    "http://tracking.example.com/api",
    "//127.0.0.1/api",
    "not a url",
  ].map(
    (baseUrl): Case => ({
      name: `baseUrl ${baseUrl}`,
      input: { options: options({ baseUrl: s(baseUrl) }) },
      expected: "refused",
    }),
  ),
  {
    name: "baseUrl {recorder}/api/ (trailing slash)",
    input: { options: options({ baseUrl: s("{recorder}/api/") }) },
    expected: "sent",
  },
  // Options of the wrong type.
  ...(
    [
      ["baseUrl", 42],
      ["baseUrl", { t: "boxed string", v: "{recorder}" }],
      ["baseUrl", { t: "null" }],
      ["timeoutMs", "100"],
      ["timeoutMs", Number.NaN],
      ["timeoutMs", 1.5],
      ["timeoutMs", -1],
      ["timeoutMs", Number.POSITIVE_INFINITY],
      ["timeoutMs", { t: "unprintable" }],
      ["timeoutMs", { t: "big", v: "100" }],
      ["maxRetries", "2"],
      ["maxRetryAfterMs", { t: "symbol" }],
      ["fetch", "fetch"],
      ["fetch", { t: "null" }],
      ["logger", "console"],
      ["logger", { t: "logger", mode: "non-function" }],
      ["logger", { t: "logger", mode: "throwing getter" }],
      ["allowInsecureHttp", "true"],
      ["dangerouslyAllowBrowser", 1],
    ] as Array<[string, string | number | ValueSpec]>
  ).map(([name, value]): Case => {
    const spec = typeof value === "string" ? s(value) : typeof value === "number" ? n(value) : value;
    return {
      name: `${name}: ${inspect(value)}`,
      input: { options: options({ [name]: spec }) },
      expected: "refused",
    };
  }),
  {
    name: "options as a Proxy whose traps throw",
    input: { options: options({}, "throwing") },
    expected: "refused",
  },
  { name: "options as a revoked Proxy", input: { options: options({}, "revoked") }, expected: "refused" },
  {
    name: "options with an apiKey getter that throws",
    input: {
      options: {
        shape: "one getter throws",
        entries: [["apiKey", s("{key}")], ...options().entries.filter(([key]) => key !== "apiKey")],
      },
    },
    expected: "refused",
  },
  {
    name: "options with an own __proto__ key naming another baseUrl",
    input: { options: options({}, "own __proto__ key") },
    expected: "sent",
  },
  {
    name: "a logger whose methods throw",
    input: { options: options({ logger: { t: "logger", mode: "throwing" } }) },
    expected: "sent",
  },
  // Per-call options.
  {
    name: "call options as a Proxy whose traps throw",
    input: { call: { shape: "throwing", entries: [] } },
    expected: "refused",
  },
  {
    name: "call options as a revoked Proxy",
    input: { call: { shape: "revoked", entries: [] } },
    expected: "refused",
  },
  {
    name: "a fake AbortSignal (AbortSignal.prototype, no signal behind it)",
    input: { call: { shape: "plain", entries: [["signal", { t: "signal", mode: "fake" }]] } },
    expected: "refused",
  },
  {
    name: "an AbortSignal behind a throwing Proxy",
    input: { call: { shape: "plain", entries: [["signal", { t: "signal", mode: "proxy" }]] } },
    expected: "refused",
  },
  {
    name: "a signal aborted before the call",
    input: { call: { shape: "plain", entries: [["signal", { t: "signal", mode: "aborted" }]] } },
    expected: "aborted",
  },
  {
    name: "call timeoutMs as text",
    input: { call: { shape: "plain", entries: [["timeoutMs", s("5")]] } },
    expected: "refused",
  },
];

describe("hostile input: the hand-made corpus", () => {
  for (const { name, input, expected } of corpus) {
    it(`${name}: ${expected}`, async () => {
      const verdict = await judge({ options: options(), params: VALID, call: undefined, ...input });
      expect(verdict).toBe(expected);
    });
  }
});
