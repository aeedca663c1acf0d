// Reads openapi.yaml's operations into the model the generated modules are written from.
// Refuses, naming the operation and the reason, any operation the client could not run as data.

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
/** The methods Trackfinity's API allows. */
const METHODS = ["get", "post", "put", "patch"];

/** Names the client or the CLI already uses for something other than an operation. */
const RESERVED = ["limiter", "doctor", "help", "then", "constructor"];

/** A spec the generator cannot describe: the message names the operation and the reason. */
export class SpecError extends Error {}

function resolver(doc) {
  return function resolve(node) {
    let current = node;
    while (current && typeof current.$ref === "string") {
      const ref = current.$ref;
      current = ref
        .replace(/^#\//, "")
        .split("/")
        .reduce((at, key) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
      if (!current) throw new SpecError(`cannot resolve ${ref}`);
    }
    return current;
  };
}

/** The lookup ids, detail fields and their schemas of a form body: a oneOf of closed objects, one per lookup id. */
function describeFormBody(schema, resolve, fail) {
  const branches = (schema?.oneOf ?? []).map(resolve);
  if (!branches.length) {
    fail("its form body must be a oneOf of closed objects, one per lookup id (see docs/spec-notes.md)");
  }
  const lookup = [];
  const fields = {};
  let details;
  let minProperties;
  for (const [i, branch] of branches.entries()) {
    const where = `oneOf branch ${i + 1}`;
    if (branch.type !== "object" || branch.additionalProperties !== false) {
      fail(`${where} must be a closed object (type: object, additionalProperties: false)`);
    }
    if (branch.required?.length !== 1) fail(`${where} must require exactly one lookup id`);
    const [id] = branch.required;
    if (!branch.properties?.[id]) fail(`${where} requires ${id} but does not list it in properties`);
    if (lookup.includes(id)) fail(`two oneOf branches require the same lookup id ${id}`);
    lookup.push(id);
    const names = Object.keys(branch.properties).filter((name) => name !== id);
    if (details && details.join() !== names.join()) {
      fail(`its oneOf branches list different detail fields: [${details}] vs [${names}]`);
    }
    details = names;
    if (i > 0 && branch.minProperties !== minProperties) {
      fail("its oneOf branches have different minProperties");
    }
    minProperties = branch.minProperties;
    for (const [name, property] of Object.entries(branch.properties)) {
      const field = resolve(property);
      if (field.type !== "string") fail(`field ${name} must be of type string (form values are text)`);
      fields[name] = field;
    }
  }
  for (const name of lookup) {
    if (details.includes(name)) fail(`${name} is a lookup id in one oneOf branch and a detail in another`);
  }
  const minDetails = Math.max(0, (minProperties ?? 0) - 1);
  if (minDetails > details.length)
    fail(`minProperties asks for more details than the ${details.length} listed`);
  return { lookup, details, minDetails, fields };
}

/** How a 2xx answer is judged: "true" (the JSON value true, and nothing else) or "json" (any JSON value). */
function describeAnswer(operation, resolve, fail) {
  const ok = operation.responses?.["200"];
  if (!ok) fail("it has no 200 response");
  const content = resolve(ok).content?.[JSON_TYPE];
  if (!content) fail(`its 200 response must be ${JSON_TYPE}`);
  const schema = resolve(content.schema ?? {});
  return schema.const === true ? "true" : "json";
}

function describeOperation(method, path, operation, resolve) {
  const fail = (reason) => {
    throw new SpecError(`${operation.operationId ?? `${method.toUpperCase()} ${path}`}: ${reason}.`);
  };
  if (!/^[a-z][A-Za-z0-9]*$/.test(operation.operationId ?? "")) {
    fail("it needs an operationId in camelCase, which names its client method and CLI command");
  }
  if (RESERVED.includes(operation.operationId)) {
    fail(`its operationId is taken by the client (${RESERVED.join(", ")}, and the CLI's doctor and help)`);
  }
  if (!METHODS.includes(method)) fail(`Trackfinity allows only ${METHODS.join(", ")}, not ${method}`);
  if (operation.parameters?.length) {
    fail("path, query and header parameters are not supported; send inputs in a form body");
  }
  let form = { lookup: [], details: [], minDetails: 0, fields: {} };
  let example;
  if (operation.requestBody) {
    if (method === "get") fail("a GET has no request body");
    const body = resolve(operation.requestBody);
    const types = Object.keys(body.content ?? {});
    if (types.join() !== FORM) fail(`its request body must be ${FORM} only, not ${types.join(", ")}`);
    if (body.required !== true) fail("its request body must be required");
    form = describeFormBody(resolve(body.content[FORM].schema), resolve, fail);
    const media = body.content[FORM];
    example = media.example ?? Object.values(media.examples ?? {}).map(resolve)[0]?.value;
  }
  const { lookup, details, minDetails, fields } = form;
  return {
    id: operation.operationId,
    method,
    path,
    summary: (operation.summary ?? "").trim(),
    description: (operation.description ?? "").trim(),
    hasBody: Boolean(operation.requestBody),
    lookup,
    details,
    minDetails,
    removalTokens: details.map((name) => fields[name].not?.const).filter((token) => token !== undefined),
    notRemovable: details.filter((name) => fields[name].not?.const !== undefined),
    secret: [...lookup, ...details].filter((name) => fields[name].format === "password"),
    answer: describeAnswer(operation, resolve, fail),
    example,
    fieldHelp: Object.fromEntries(
      [...lookup, ...details].map((name) => [name, (fields[name].description ?? "").trim()]),
    ),
  };
}

/**
 * Every operation of the spec, in the spec's order, and the removal token (the value a
 * non-removable field's `not: {const}` forbids). Throws {@link SpecError} naming what it can't describe.
 */
export function describeOperations(doc) {
  const resolve = resolver(doc);
  const operations = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(resolve(item))) {
      if (method === "parameters" && operation?.length) {
        throw new SpecError(`${path}: path-level parameters are not supported.`);
      }
      if (["summary", "description", "servers", "parameters"].includes(method) || method.startsWith("x-")) {
        continue;
      }
      operations.push(describeOperation(method, path, operation, resolve));
    }
  }
  if (!operations.length) throw new SpecError("openapi.yaml has no operations.");
  const ids = operations.map((op) => op.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new SpecError(`${twice}: two operations share this operationId.`);
  const tokens = new Set(operations.flatMap((op) => op.removalTokens));
  if (tokens.size > 1)
    throw new SpecError(`fields forbid different removal tokens: ${[...tokens].join(", ")}.`);
  return { operations, removeToken: [...tokens][0] ?? "REMOVE" };
}
