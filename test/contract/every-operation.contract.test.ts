import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { OPERATIONS, type OperationId } from "../../src/generated/operation-data.ts";
import {
  createTrackfinityClient,
  type FieldRule,
  type OperationData,
  TrackfinityRefusalError,
  TrackfinityValidationError,
} from "../../src/index.ts";
import { rejectionOf } from "../support/client-for.ts";
import { CREDENTIALS } from "./raw-request.ts";

// Table-driven over the spec's operations: for each, a valid request built from its data, then one
// broken rule at a time. The client refuses each before sending; Prism refuses the same request
// sent raw, except where docs/spec-notes.md says the mock can't (the rule is then the client's alone).

const spec = parse(readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8"));
const IDS = Object.keys(OPERATIONS).filter(
  (id) => OPERATIONS[id as OperationId].input !== "none",
) as OperationId[];
const op = (id: OperationId): OperationData => OPERATIONS[id];

/** A valid value of a field, by its rule. */
function validValue(rule: FieldRule): unknown {
  if (rule.kind === "list") return [rule.items[0]];
  if (rule.kind === "object") return {};
  if (rule.enum) return rule.enum[0];
  if (rule.kind === "integer") return rule.minimum ?? 1;
  if (rule.kind === "decimal") return 12.5;
  return "T-1";
}

/** A valid request: the first lookup id, the required fields, one detail where one is needed. */
function validParams(id: OperationId): Record<string, unknown> {
  const { fields, lookup, required, details, minDetails } = op(id);
  const names = [...lookup.slice(0, 1), ...required, ...(minDetails ? details.slice(0, 1) : [])];
  return Object.fromEntries(names.map((name) => [name, validValue(fields[name] as FieldRule)]));
}

/** The request as a naive client would write it, every value as text: what Prism sees raw. */
function naiveWire(id: OperationId, params: Record<string, unknown>, withFilled = true): string {
  const pairs = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) pairs.append(name, value.join(","));
    else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) pairs.append(`${name}[${key}]`, String(item));
    } else pairs.append(name, String(value));
  }
  if (withFilled) for (const [name, value] of Object.entries(op(id).filled)) pairs.append(name, value);
  return pairs.toString();
}

/** Sends a request to Prism as it is, bypassing the client. */
async function raw(id: OperationId, wire: string) {
  const { method, path, input } = op(id);
  const url = `${inject("prismUrl")}${path}${input === "query" && wire ? `?${wire}` : ""}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...CREDENTIALS,
      ...(input === "form" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    ...(input === "form" ? { body: wire } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

/** A client of the mock recording what it sent (URL and body), optionally asking Prism for a named example. */
function client(example?: string) {
  const sent: string[] = [];
  const trackfinity = createTrackfinityClient({
    baseUrl: inject("prismUrl"),
    apiKey: CREDENTIALS["api-key"],
    apiUsername: CREDENTIALS["api-username"],
    maxRetries: 0,
    fetch: async (request) => {
      const url = new URL(request.url);
      sent.push(`${url.pathname}${url.search} ${await request.clone().text()}`);
      const headers = new Headers(request.headers);
      if (example) headers.set("prefer", `example=${example}`);
      return fetch(new Request(request, { headers }));
    },
  });
  const methods = trackfinity as unknown as Record<OperationId, (params: unknown) => Promise<unknown>>;
  const call = (id: OperationId, params: unknown) => methods[id](params);
  return { call, sent };
}

interface Broken {
  name: string;
  params: Record<string, unknown>;
  /** Whether Prism refuses it too (false where the mock can't see the rule: docs/spec-notes.md). */
  prismRefuses: boolean;
}

/** One request per rule of an operation, each breaking just that rule. */
function brokenRequests(id: OperationId): Broken[] {
  const { fields, lookup, required, input } = op(id);
  const base = validParams(id);
  const cases: Broken[] = [];
  const add = (name: string, params: Record<string, unknown>, prismRefuses = true) =>
    cases.push({ name, params: { ...base, ...params }, prismRefuses });
  if (lookup.length > 1) add("two lookup ids", { [lookup[1] as string]: "T-2" });
  if (lookup.length) {
    const { [lookup[0] as string]: _, ...none } = base;
    cases.push({ name: "no lookup id", params: none, prismRefuses: true });
  }
  for (const name of required) {
    const { [name]: _, ...without } = base;
    cases.push({ name: `no ${name}`, params: without, prismRefuses: true });
  }
  // The mock refuses unknown fields only under a form's oneOf of closed objects.
  add("an unknown field", { nickname: "x" }, input === "form" && lookup.length > 0);
  for (const [name, rule] of Object.entries(fields)) {
    if (rule.kind === "integer") add(`${name} 12.5`, { [name]: 12.5 });
    if ((rule.kind === "integer" || rule.kind === "decimal") && rule.minimum !== undefined) {
      add(`${name} below its minimum`, { [name]: rule.minimum - 1 });
    }
    if (rule.kind !== "list" && rule.kind !== "object" && rule.enum) {
      add(`${name} out of its values`, { [name]: rule.kind === "text" ? "not-a-value" : 99 });
    }
    if (rule.kind === "text" && rule.forbid !== undefined) {
      add(`${name} ${rule.forbid}`, { [name]: rule.forbid });
      // PHP's == reads "-1.0" as -1; the mock compares text.
      if (rule.loose) add(`${name} ${rule.forbid}.0`, { [name]: `${rule.forbid}.0` }, false);
    }
    if (rule.kind === "list") {
      add(`${name} with an unknown name`, { [name]: ["nickname"] });
      // A pattern can't say "each name once".
      if (rule.unique) add(`${name} with a name twice`, { [name]: [rule.items[0], rule.items[0]] }, false);
    }
    if (rule.kind === "object") {
      for (const [key, keyRule] of Object.entries(rule.fields)) {
        if (keyRule.kind !== "list" && keyRule.kind !== "object" && keyRule.enum) {
          add(`${name}[${key}] out of its values`, { [name]: { [key]: 99 } });
        }
      }
      // The mock drops the keys a deepObject does not declare before it checks the object.
      add(`${name}[nickname]`, { [name]: { nickname: "x" } }, false);
      for (const broken of rulesBroken(rule.fields, rule.rules))
        add(`${name}: ${broken.name}`, { [name]: broken.params });
    }
  }
  // Rules between query parameters: OpenAPI can't attach them to separate parameters, so only the client has them.
  for (const broken of rulesBroken(fields, op(id).rules)) add(broken.name, broken.params, false);
  return cases;
}

/** One set of fields per rule between fields, breaking just that rule. */
function rulesBroken(fields: Readonly<Record<string, FieldRule>>, rules: OperationData["rules"]) {
  return rules.map((rule) => {
    const when = rule.equals ?? rule.atMost ?? validValue(fields[rule.when] as FieldRule);
    const params: Record<string, unknown> = { [rule.when]: when };
    for (const name of rule.forbid ?? []) params[name] = validValue(fields[name] as FieldRule);
    const what = rule.require ? `without ${rule.require.join(" and ")}` : `with ${rule.forbid?.join(" or ")}`;
    return { name: `${rule.when} ${String(when)} ${what}`, params };
  });
}

/** The first named example of an operation's 200 answer whose body is the failure envelope. */
function failureExample(id: OperationId): [string, string] | undefined {
  const { method, path } = op(id);
  const examples =
    spec.paths[path][method.toLowerCase()].responses["200"].content?.["application/json"]?.examples ?? {};
  const found = Object.entries(
    examples as Record<string, { value: { result?: string; message?: string } }>,
  ).find(([, example]) => /^error$/i.test(example.value?.result ?? ""));
  return found && [found[0], found[1].value.message ?? ""];
}

describe.each(IDS)("%s against the Prism mock", (id) => {
  it("succeeds with a valid request, sent as a naive client would write it, the client's own fields included", async () => {
    const params = validParams(id);
    expect(await raw(id, naiveWire(id, params))).toBe(200);
    const { call, sent } = client();
    await call(id, params);
    const wire = naiveWire(id, params);
    const expected =
      op(id).input === "query" ? `${op(id).path}${wire ? `?${wire}` : ""} ` : `${op(id).path} ${wire}`;
    expect(sent.map((line) => line.replace(/^\/api/, ""))).toEqual([expected]);
  });

  it.each(brokenRequests(id))(
    "refuses $name in the client, sending nothing; the mock refuses it too: $prismRefuses",
    async (broken) => {
      const { call, sent } = client();
      expect(await rejectionOf(call(id, broken.params))).toBeInstanceOf(TrackfinityValidationError);
      expect(sent).toEqual([]);
      const status = await raw(id, naiveWire(id, broken.params));
      expect([status >= 400 && status < 500, status]).toEqual([broken.prismRefuses, expect.any(Number)]);
    },
  );

  if (Object.keys(op(id).filled).length) {
    it("Prism refuses the request without the field the client fills, and with another value of it", async () => {
      const params = validParams(id);
      expect(await raw(id, naiveWire(id, params, false))).toBe(400);
      const wrong = Object.fromEntries(Object.keys(op(id).filled).map((name) => [name, "other"]));
      expect(await raw(id, naiveWire(id, { ...params, ...wrong }, false))).toBe(400);
    });
  }

  const failure = failureExample(id);
  if (failure) {
    it(`rejects the mock's failure envelope (${failure[0]}) as a refusal with the vendor's message, not retried`, async () => {
      const { call, sent } = client(failure[0]);
      const error = await rejectionOf(call(id, validParams(id)));
      expect(error).toBeInstanceOf(TrackfinityRefusalError);
      expect(error).toMatchObject({ kind: "refused", status: 200, reason: failure[1] });
      expect(sent).toHaveLength(1);
    });
  }
});

describe("the mock at the vendor's contradictions, as the spec decided them", () => {
  it.each([
    [
      "the URL cell's misspelt path check_orderid_exsits",
      "GET",
      "/offer/check_orderid_exsits?orderid=1",
      404,
    ],
    [
      "the revenue update's heading verb POST",
      "POST",
      "/transaction/transaction_update_revenue_by_orderid",
      405,
    ],
  ])("answers %s with %s", async (_name, method, path, status) => {
    const response = await fetch(`${inject("prismUrl")}${path}`, {
      method,
      headers: { ...CREDENTIALS, "content-type": "application/x-www-form-urlencoded" },
      ...(method === "GET" ? {} : { body: "orderid=O-1&amount=2500" }),
    });
    await response.arrayBuffer();
    expect(response.status).toBe(status);
  });
});
