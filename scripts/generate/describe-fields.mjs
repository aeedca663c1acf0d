// Reads one field's schema (a form body property, a query parameter, a key of a deepObject) into the
// rule the client checks and encodes it by. Refuses, with the reason, a schema it can't describe.

/** A JSON Schema type → the kind of value the client takes and how it writes it on the wire. */
const KINDS = { string: "text", integer: "integer", number: "decimal" };

/** Text that PHP reads as a number (a numeric string, PHP 8: spaces around it allowed). */
const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * A field's rule: `kind` (text, integer, decimal, list), and what narrows it: `enum`, `minimum`,
 * `maximum`, `minLength`, `forbid` (a value refused; `loose` when PHP's `==` would match other
 * spellings of it, as `-1.0` for `-1`), `items` (a list's names) and `separator`, `secret`
 * (`format: password`), `default` (documented, never sent), `help` (its description).
 */
export function describeField(name, schema, resolve, fail) {
  const field = resolve(schema);
  const where = `field ${name}`;
  const list = field["x-trackfinity-list"];
  if (list) return describeList(name, field, list, fail);
  const kind = KINDS[field.type];
  if (!kind) {
    fail(
      `${where} must be of type string, integer or number, not ${JSON.stringify(field.type)} (booleans and nested values have no form encoding the vendor documents)`,
    );
  }
  const rule = { kind };
  if (field.enum) {
    const wrong = field.enum.find((value) => typeof value !== (kind === "text" ? "string" : "number"));
    if (wrong !== undefined)
      fail(`${where}: enum value ${JSON.stringify(wrong)} is not of its type ${field.type}`);
    rule.enum = field.enum;
  }
  if (field.not) {
    if (Object.keys(field.not).join() !== "const" || typeof field.not.const !== "string") {
      fail(`${where}: only not: {const: "text"} is supported`);
    }
    rule.forbid = field.not.const;
    if (NUMERIC.test(field.not.const)) rule.loose = true;
  }
  for (const key of ["minimum", "maximum", "minLength"]) if (field[key] !== undefined) rule[key] = field[key];
  if (field.format === "password") rule.secret = true;
  if (field.default !== undefined) rule.default = field.default;
  if (field.const !== undefined) rule.const = field.const;
  rule.help = (field.description ?? "").trim();
  return rule;
}

/** A comma list: a string whose `x-trackfinity-list` names its items; the client takes an array. */
function describeList(name, field, list, fail) {
  const names = list.items?.enum;
  if (field.type !== "string" || !Array.isArray(names) || !names.every((item) => typeof item === "string")) {
    fail(`field ${name}: x-trackfinity-list must be on a string and list its items in items.enum`);
  }
  if (typeof list.separator !== "string" || list.separator.length !== 1) {
    fail(`field ${name}: x-trackfinity-list needs a one-character separator`);
  }
  if (field.pattern) {
    const pattern = new RegExp(field.pattern);
    const refused = names.find((item) => !pattern.test(item));
    if (refused) fail(`field ${name}: its pattern refuses the list item ${refused}`);
    if (names.length > 1 && !pattern.test(names.slice(0, 2).join(list.separator))) {
      fail(`field ${name}: its pattern refuses two items joined by ${JSON.stringify(list.separator)}`);
    }
  }
  return {
    kind: "list",
    items: names,
    separator: list.separator,
    unique: list.uniqueItems === true,
    help: (field.description ?? "").trim(),
  };
}
