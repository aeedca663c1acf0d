// Reads the rules between fields (`allOf` of `if`/`then`) into data the client checks before sending.
// A small subset of JSON Schema, the one the spec uses; anything else is refused by name.

const only = (object, keys) => Object.keys(object ?? {}).every((key) => keys.includes(key));

/** The condition of an `if`: a field present, optionally equal to a number or at most one. */
function describeCondition(condition, resolve, fail) {
  const [when, more] = condition.required ?? [];
  if (!when || more !== undefined || !only(condition, ["required", "properties"])) {
    fail("an if must require exactly one field, and may say only its value");
  }
  const value = resolve(condition.properties?.[when] ?? {});
  const rule = { when };
  if (value.const !== undefined) rule.equals = value.const;
  if (value.maximum !== undefined) rule.atMost = value.maximum;
  for (const key of ["equals", "atMost"]) {
    if (rule[key] !== undefined && typeof rule[key] !== "number")
      fail(`an if may compare ${when} to a number only`);
  }
  return rule;
}

/** The consequence of a `then`: fields it requires, or fields it forbids (`not: {anyOf: [{required}]}`). */
function describeConsequence(then, fail) {
  if (then.required && only(then, ["required", "properties"])) return { require: then.required };
  const branches = then.not?.anyOf;
  if (only(then, ["not"]) && Array.isArray(branches)) {
    const forbid = branches.map((branch) => {
      if (branch.required?.length !== 1 || !only(branch, ["required", "properties"])) {
        fail("a then: {not: {anyOf}} must list branches that each require one field");
      }
      return branch.required[0];
    });
    return { forbid };
  }
  return fail("a then must require fields, or forbid them with not: {anyOf: [{required: [field]}]}");
}

/**
 * The rules of an `allOf` of `if`/`then`, as data: `{ when, equals?, atMost?, require? , forbid? }`:
 * when `when` is given (and equals, or is at most, the number), the fields of `require` must be
 * given too, and those of `forbid` must not. Every field a rule names must be one of `fields`.
 */
export function describeRules(schema, fields, resolve, fail) {
  const rules = [];
  // An allOf may hold a named set of rules (a $ref to another allOf): read them in its place.
  const parts = (node) =>
    (resolve(node).allOf ?? []).flatMap((part) => (resolve(part).allOf ? parts(part) : [part]));
  for (const part of schema ? parts(schema) : []) {
    const { if: condition, then, ...rest } = resolve(part);
    const extra = Object.keys(rest).filter((key) => !["title", "description"].includes(key));
    if (!condition || !then || extra.length) fail("every rule must be an if with a then, and nothing else");
    const rule = { ...describeCondition(condition, resolve, fail), ...describeConsequence(then, fail) };
    for (const name of [rule.when, ...(rule.require ?? []), ...(rule.forbid ?? [])]) {
      if (!fields.includes(name)) fail(`a rule names ${name}, which is not a field here`);
    }
    rules.push(rule);
  }
  return rules;
}
