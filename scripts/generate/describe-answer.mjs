// Reads how an operation's 2xx answer is judged, and what it resolves to, from its 200 schema:
// the JSON value true; any JSON; or the vendor's envelopes, where a schema marked
// `x-trackfinity-outcome: failure` is a refusal although the status is 2xx.

const JSON_TYPE = "application/json";

/** The TypeScript type of a JSON schema, as far as a caller needs it: text, true, lists and objects. */
function typeOf(schema, resolve) {
  const node = resolve(schema ?? {});
  const union = node.oneOf ?? node.anyOf;
  if (union) return [...new Set(union.map((branch) => typeOf(branch, resolve)))].join(" | ");
  if (node.const === true) return "true";
  const types = [node.type].flat().filter(Boolean);
  if (!types.length) return "unknown";
  return types
    .map(
      (type) =>
        ({ string: "string", array: "unknown[]", object: "Record<string, unknown>" })[type] ?? "unknown",
    )
    .join(" | ");
}

/** One marked envelope: the field that tells success from failure, its pattern, and the field it carries. */
function describeEnvelope(schema, outcome, resolve, fail) {
  const answer = schema["x-trackfinity-answer"];
  const discriminators = (schema.required ?? []).filter((name) => {
    const property = resolve(schema.properties?.[name] ?? {});
    return property.pattern !== undefined || property.const !== undefined;
  });
  if (discriminators.length !== 1) {
    fail(
      `its ${outcome} envelope must require exactly one field with a pattern or const that tells it apart`,
    );
  }
  const [field] = discriminators;
  const property = resolve(schema.properties[field]);
  if (!answer || !schema.properties?.[answer]) {
    fail(`its ${outcome} envelope must name, in x-trackfinity-answer, a property it declares`);
  }
  const carried = resolve(schema.properties[answer]);
  const booleans = carried["x-trackfinity-boolean"];
  if (booleans && Object.keys(booleans).sort().join() !== [...(carried.enum ?? [])].sort().join()) {
    fail(`its ${outcome} envelope's x-trackfinity-boolean must map exactly the values of ${answer}'s enum`);
  }
  return {
    field,
    pattern: property.pattern ?? `^${String(property.const).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
    answer,
    answerRequired: (schema.required ?? []).includes(answer),
    booleans,
    type: booleans ? "boolean" : typeOf(carried, resolve),
  };
}

/** Types as one union, each once; a union with `unknown` in it is `unknown`. */
function unionOf(types) {
  const members = [...new Set(types.join(" | ").split(" | "))].filter(Boolean);
  if (members.includes("unknown")) return "unknown";
  return members.join(" | ") || "undefined";
}

/**
 * How the 2xx answer is judged: `{ type: "true" }`, `{ type: "json" }`, or `{ type: "envelope",
 * failure, success, bare }`: a body matching `failure` is a refusal carrying its answer field; one
 * matching `success` resolves to its answer field (through its booleans); any other array or object
 * resolves to itself when `bare` (the report's records). `tsType` is what the method resolves to.
 */
export function describeAnswer(operation, resolve, fail) {
  const ok = operation.responses?.["200"];
  if (!ok) fail("it has no 200 response");
  const content = resolve(ok).content?.[JSON_TYPE];
  if (!content) fail(`its 200 response must be ${JSON_TYPE}`);
  const schema = resolve(content.schema ?? {});
  if (schema.const === true) return { type: "true", tsType: "true" };
  const branches = (schema.anyOf ?? schema.oneOf ?? [schema]).map(resolve);
  const marked = branches.filter((branch) => branch["x-trackfinity-outcome"]);
  if (!marked.length) return { type: "json", tsType: "unknown" };

  const failures = marked.filter((branch) => branch["x-trackfinity-outcome"] === "failure");
  const successes = marked.filter((branch) => branch["x-trackfinity-outcome"] === "success");
  if (failures.length !== 1 || successes.length > 1 || failures.length + successes.length !== marked.length) {
    fail(
      "its 200 answer must have one failure envelope and at most one success envelope (x-trackfinity-outcome)",
    );
  }
  const failure = describeEnvelope(failures[0], "failure", resolve, fail);
  const success = successes[0] && describeEnvelope(successes[0], "success", resolve, fail);
  if (success && success.field !== failure.field) fail("its envelopes must be told apart by the same field");
  const bare = branches.filter((branch) => !branch["x-trackfinity-outcome"]);
  for (const branch of bare) {
    const types = [branch.type].flat();
    if (!types.length || !types.every((type) => type === "array" || type === "object")) {
      fail("an unmarked branch of its 200 answer must be an array or an object (the bare answer)");
    }
  }
  const tsTypes = [
    ...(success ? [success.answerRequired ? success.type : `${success.type} | undefined`] : []),
    ...bare.map((branch) => typeOf(branch, resolve)),
  ];
  return {
    type: "envelope",
    failure: { field: failure.field, pattern: failure.pattern, answer: failure.answer },
    success: success && {
      pattern: success.pattern,
      answer: success.answer,
      answerRequired: success.answerRequired,
      ...(success.booleans && { booleans: success.booleans }),
    },
    bare: bare.length > 0,
    tsType: unionOf(tsTypes),
  };
}
