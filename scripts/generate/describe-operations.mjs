// Reads openapi.yaml's operations into the model the generated modules are written from.
// Refuses, naming the operation and the reason, any operation the client could not run as data.

import { describeAnswer } from "./describe-answer.mjs";
import { describeField } from "./describe-fields.mjs";
import { describeRules } from "./describe-rules.mjs";

const FORM = "application/x-www-form-urlencoded";
/** The methods Trackfinity's API allows. */
const METHODS = ["get", "post", "put", "patch"];

/** Names the client or the CLI already uses for something other than an operation. */
const RESERVED = ["limiter", "pages", "doctor", "help", "then", "constructor"];

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

const closed = (schema) => schema.type === "object" && schema.additionalProperties === false;

/**
 * A form body: a plain closed object (required and optional fields), or a oneOf of closed objects,
 * one per lookup id, alike but for it. A required field whose schema is a `const` is filled by the
 * client. `minProperties` asks for that many fields in all, so for details beyond the required ones.
 */
function describeFormBody(schema, resolve, fail) {
  const branches = schema.oneOf ? schema.oneOf.map(resolve) : [schema];
  const lookup = [];
  let shared;
  for (const [i, branch] of branches.entries()) {
    const where = schema.oneOf ? `oneOf branch ${i + 1}` : "its form body";
    if (!closed(branch)) fail(`${where} must be a closed object (type: object, additionalProperties: false)`);
    const required = branch.required ?? [];
    for (const name of required)
      if (!branch.properties?.[name]) fail(`${where} requires ${name} but does not list it`);
    shared = shared ? shared.filter((name) => required.includes(name)) : required;
  }
  if (schema.oneOf) {
    for (const [i, branch] of branches.entries()) {
      const own = branch.required.filter((name) => !shared.includes(name));
      if (own.length !== 1)
        fail(
          `oneOf branch ${i + 1} must require exactly one lookup id besides the fields every branch requires`,
        );
      if (lookup.includes(own[0])) fail(`two oneOf branches require the same lookup id ${own[0]}`);
      lookup.push(own[0]);
    }
  }
  const others = (branch) => Object.keys(branch.properties).filter((name) => !lookup.includes(name));
  const names = others(branches[0]);
  for (const branch of branches) {
    if (others(branch).join() !== names.join())
      fail(`its oneOf branches list different fields: [${names}] vs [${others(branch)}]`);
    if (branch.minProperties !== branches[0].minProperties)
      fail("its oneOf branches have different minProperties");
  }
  const fields = {};
  for (const branch of branches) {
    for (const [name, property] of Object.entries(branch.properties))
      fields[name] ??= describeField(name, property, resolve, fail);
  }
  const ordered = [...lookup, ...names];
  return {
    fields: Object.fromEntries(ordered.map((name) => [name, fields[name]])),
    lookup,
    required: shared,
    minProperties: branches[0].minProperties ?? 0,
  };
}

/** Query parameters: each a field; a `deepObject` parameter is an object of fields (`name[key]=value`). */
function describeQuery(parameters, resolve, fail) {
  const fields = {};
  const required = [];
  for (const parameter of parameters.map(resolve)) {
    const { name } = parameter;
    if (parameter.in !== "query")
      fail(`parameter ${name} is in ${parameter.in}; only query parameters are supported`);
    if (parameter.required) required.push(name);
    if (parameter.style === undefined || parameter.style === "form") {
      fields[name] = describeField(name, parameter.schema ?? {}, resolve, fail);
      if (parameter.description) fields[name].help = parameter.description.trim();
      continue;
    }
    const schema = resolve(parameter.schema ?? {});
    if (parameter.style !== "deepObject" || parameter.explode !== true || !closed(schema)) {
      fail(`parameter ${name}: an object must be a closed object sent with style: deepObject, explode: true`);
    }
    const keys = Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, property]) => [
        key,
        describeField(`${name}[${key}]`, property, resolve, fail),
      ]),
    );
    fields[name] = {
      kind: "object",
      fields: keys,
      rules: describeRules(schema, Object.keys(keys), resolve, fail),
      help: (parameter.description ?? schema.description ?? "").trim(),
    };
  }
  const top = Object.keys(fields);
  for (const [name, field] of Object.entries(fields)) {
    const clash = Object.keys(field.fields ?? {}).find((key) => top.includes(key));
    if (clash)
      fail(
        `parameter ${name}[${clash}] has the name of a parameter of its own (the CLI's flag --${clash} would mean both)`,
      );
  }
  return { fields, lookup: [], required, minProperties: 0 };
}

/** The request example of a form body, or the required query parameters' examples, for help and docs. */
function exampleOf(operation, resolve) {
  const media = operation.requestBody && resolve(operation.requestBody).content?.[FORM];
  if (media) return media.example ?? Object.values(media.examples ?? {}).map(resolve)[0]?.value;
  const query = (operation.parameters ?? [])
    .map(resolve)
    .filter((parameter) => parameter.required)
    .map((parameter) => [parameter.name, parameter.example ?? resolve(parameter.schema ?? {}).examples?.[0]]);
  return query.length ? Object.fromEntries(query) : undefined;
}

/** An example as a caller writes it: without the fields the client fills. */
function withoutFilled(example, filled) {
  if (!example) return undefined;
  return Object.fromEntries(Object.entries(example).filter(([name]) => !(name in filled)));
}

/** Paging by offset and page size: two integer query fields, the page size with its default. */
function describePaging(paging, fields, fail) {
  if (!paging) return undefined;
  const { offset, limit } = paging;
  for (const name of [offset, limit]) {
    if (fields[name]?.kind !== "integer")
      fail(`x-trackfinity-paging names ${name}, which must be an integer query parameter`);
  }
  if (typeof fields[limit].default !== "number")
    fail(`x-trackfinity-paging: ${limit} needs a default, the server's page size`);
  return { offset, limit, pageSize: fields[limit].default };
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
  let input = "none";
  let shape = { fields: {}, lookup: [], required: [], minProperties: 0 };
  if (operation.requestBody) {
    if (method === "get") fail("a GET has no request body");
    if (operation.parameters?.length)
      fail("it has both a form body and query parameters; send all inputs one way");
    const body = resolve(operation.requestBody);
    const types = Object.keys(body.content ?? {});
    if (types.join() !== FORM) fail(`its request body must be ${FORM} only, not ${types.join(", ")}`);
    if (body.required !== true) fail("its request body must be required");
    input = "form";
    shape = describeFormBody(resolve(body.content[FORM].schema), resolve, fail);
  } else if (operation.parameters?.length) {
    input = "query";
    shape = describeQuery(operation.parameters, resolve, fail);
  }
  const { fields, lookup } = shape;
  const filled = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.const === undefined) continue;
    if (!shape.required.includes(name))
      fail(`field ${name} is a const but not required: the client fills only required ones`);
    filled[name] = String(field.const);
    delete fields[name];
  }
  const required = shape.required.filter((name) => !(name in filled));
  const removeToken = operation["x-trackfinity-remove-token"];
  const details = Object.keys(fields).filter((name) => !lookup.includes(name) && !required.includes(name));
  const notRemovable = [];
  if (removeToken !== undefined) {
    for (const name of details) {
      if (fields[name].forbid !== removeToken) continue;
      notRemovable.push(name);
      delete fields[name].forbid;
    }
  }
  // Each oneOf branch counts one lookup id among its minProperties.
  const minDetails = Math.max(0, shape.minProperties - (lookup.length ? 1 : 0) - shape.required.length);
  if (minDetails > details.length)
    fail(`minProperties asks for more details than the ${details.length} listed`);
  return {
    id: operation.operationId,
    method,
    path,
    summary: (operation.summary ?? "").trim(),
    description: (operation.description ?? "").trim(),
    input,
    fields,
    lookup,
    required,
    details,
    minDetails,
    filled,
    removeToken,
    removable: removeToken === undefined ? [] : details.filter((name) => !notRemovable.includes(name)),
    notRemovable,
    rules: describeRules(operation["x-trackfinity-query-rules"], Object.keys(fields), resolve, fail),
    paging: describePaging(operation["x-trackfinity-paging"], fields, fail),
    secret: Object.keys(fields).filter((name) => fields[name].secret),
    answer: describeAnswer(operation, resolve, fail),
    example: withoutFilled(exampleOf(operation, resolve), filled),
  };
}

/**
 * Every operation of the spec, in the spec's order, and the removal token (`x-trackfinity-remove-token`
 * of the operations that remove fields). Throws {@link SpecError} naming what it can't describe.
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
  const tokens = new Set(operations.map((op) => op.removeToken).filter((token) => token !== undefined));
  if (tokens.size > 1)
    throw new SpecError(`operations name different removal tokens: ${[...tokens].join(", ")}.`);
  return { operations, removeToken: [...tokens][0] ?? "REMOVE" };
}
