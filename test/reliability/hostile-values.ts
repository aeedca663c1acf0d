// Hostile inputs, described as plain data (so fast-check prints and shrinks them) and built into
// real objects — proxies, throwing getters, frozen or prototype-less objects — fresh for each run.
import fc from "fast-check";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { REMOVE } from "../../src/index.ts";
import { API_USERNAME, recordingLogger, SENTINEL_API_KEY } from "./secrets.ts";

const { details: DETAIL_FIELDS, lookup: LOOKUP_FIELDS } = OPERATIONS.setCustomerDetails;

/** One value: a primitive, or a hostile object built at run time. */
export type ValueSpec =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "big"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "null" }
  | { t: "undefined" }
  | { t: "REMOVE" }
  | { t: "symbol" }
  | { t: "function" }
  | { t: "array" }
  | { t: "boxed string"; v: string }
  /** toString and valueOf throw, no prototype: any attempt to make text of it throws. */
  | { t: "unprintable" }
  | { t: "proxy"; mode: ProxyMode }
  | { t: "anything"; v: unknown }
  /** Option-only values, built from the test's context. */
  | { t: "guard fetch" }
  | { t: "logger"; mode: "recording" | "throwing" | "non-function" | "throwing getter" }
  | { t: "signal"; mode: "live" | "aborted" | "fake" | "proxy" };

export type ProxyMode =
  | "transparent"
  | "throwing"
  | "throws a non-Error"
  | "throws a revoked proxy"
  | "revoked";

/** How the entries are put into the object handed to the client. */
export type Shape =
  | "plain"
  | "null prototype"
  | "frozen"
  | "getters"
  | "one getter throws"
  | "half inherited"
  | "own __proto__ key"
  | "JSON.parse"
  | ProxyMode
  | "array"
  | "string"
  | "null";

export interface ObjectSpec {
  shape: Shape;
  entries: Array<[string, ValueSpec]>;
}

export interface HostileInput {
  options: ObjectSpec;
  params: ObjectSpec;
  /** Per-call options; `undefined` passes none. */
  call: ObjectSpec | undefined;
}

/** What a build needs from the test: the recording fetch, and where the recorder listens. */
export interface BuildContext {
  recorderUrl: string;
  guardFetch: (request: Request) => Promise<Response>;
  /** Every mutating trap that fired on a proxy we built: the client must never trigger one. */
  mutations: string[];
  /** Proxies we built: compared by identity, never walked. */
  proxies: WeakSet<object>;
  /** Lines written to the recording loggers built for this run. */
  logLines: string[];
  /** Set when the call options carry an already-aborted signal. */
  abortedSignal: boolean;
}

const placeholders = (text: string, context: BuildContext) =>
  text.replaceAll("{recorder}", context.recorderUrl).replaceAll("{key}", SENTINEL_API_KEY);

class HostileTrapError extends Error {
  override name = "HostileTrapError";
}

function trapFor(mode: ProxyMode): () => never {
  return () => {
    if (mode === "throws a non-Error") throw "a plain string, thrown";
    if (mode === "throws a revoked proxy") {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      throw proxy;
    }
    throw new HostileTrapError("hostile proxy trap");
  };
}

/** A proxy over `target`: transparent (mutations recorded), throwing from every trap, or revoked. */
function proxyOf(target: object, mode: ProxyMode, context: BuildContext, label: string): object {
  const record =
    (trap: string) =>
    (..._args: unknown[]): never => {
      context.mutations.push(`${trap} on ${label}`);
      throw new HostileTrapError(`${trap} is not allowed`);
    };
  let proxy: object;
  if (mode === "revoked") {
    const revocable = Proxy.revocable(target, {});
    revocable.revoke();
    proxy = revocable.proxy;
  } else if (mode === "transparent") {
    proxy = new Proxy(target, {
      set: record("set"),
      defineProperty: record("defineProperty"),
      deleteProperty: record("deleteProperty"),
      setPrototypeOf: record("setPrototypeOf"),
      preventExtensions: record("preventExtensions"),
    });
  } else {
    const trap = trapFor(mode);
    proxy = new Proxy(target, {
      get: trap,
      has: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      getPrototypeOf: trap,
      isExtensible: trap,
      set: record("set"),
      defineProperty: record("defineProperty"),
      deleteProperty: record("deleteProperty"),
      setPrototypeOf: record("setPrototypeOf"),
      preventExtensions: record("preventExtensions"),
    });
  }
  context.proxies.add(proxy);
  return proxy;
}

function loggerOf(
  mode: "recording" | "throwing" | "non-function" | "throwing getter",
  context: BuildContext,
) {
  const { logger, lines } = recordingLogger();
  const push = lines.push.bind(lines);
  lines.push = (...items) => {
    for (const item of items) context.logLines.push(item.message);
    return push(...items);
  };
  if (mode === "recording") return logger;
  if (mode === "non-function") return { debug: "console.debug", warn: 42 };
  if (mode === "throwing") {
    return {
      debug: (message: string) => {
        logger.debug(message);
        throw new HostileTrapError("the logger failed");
      },
      warn: (message: string) => {
        logger.warn(message);
        throw new HostileTrapError("the logger failed");
      },
    };
  }
  return {
    get debug(): never {
      throw new HostileTrapError("logger getter");
    },
    warn: logger.warn,
  };
}

export function buildValue(spec: ValueSpec, context: BuildContext, label = "a value"): unknown {
  switch (spec.t) {
    case "str":
      return placeholders(spec.v, context);
    case "num":
    case "bool":
    case "anything":
      return spec.v;
    case "big":
      return BigInt(spec.v);
    case "null":
      return null;
    case "undefined":
      return undefined;
    case "REMOVE":
      return REMOVE;
    case "symbol":
      return Symbol("hostile");
    case "function":
      return () => "a function";
    case "array":
      return ["Test"];
    case "boxed string":
      return new String(placeholders(spec.v, context));
    case "unprintable": {
      const value = Object.create(null) as Record<string, unknown>;
      value.toString = trapFor("throwing");
      value.valueOf = trapFor("throwing");
      return value;
    }
    case "proxy":
      return proxyOf({ toString: () => "Test" }, spec.mode, context, label);
    case "guard fetch":
      return context.guardFetch;
    case "logger":
      return loggerOf(spec.mode, context);
    case "signal": {
      const controller = new AbortController();
      if (spec.mode === "aborted") {
        controller.abort(new Error("aborted before the call"));
        context.abortedSignal = true;
      }
      if (spec.mode === "fake") return Object.create(AbortSignal.prototype);
      if (spec.mode === "proxy") return proxyOf(controller.signal, "throwing", context, "a signal");
      return controller.signal;
    }
  }
}

/** Builds the object the client receives; `label` names it in recorded mutations. */
export function buildObject(spec: ObjectSpec, context: BuildContext, label: string): unknown {
  const entries = spec.entries.map(([key, value]): [string, unknown] => [
    key,
    buildValue(value, context, `${label}.${key}`),
  ]);
  const define = (target: object, pairs: Array<[string, unknown]>, asGetters = false) => {
    for (const [key, value] of pairs) {
      Object.defineProperty(target, key, {
        ...(asGetters ? { get: () => value } : { value, writable: true }),
        enumerable: true,
        configurable: true,
      });
    }
    return target;
  };
  switch (spec.shape) {
    case "plain":
      return define({}, entries);
    case "null prototype":
      return define(Object.create(null), entries);
    case "frozen":
      return Object.freeze(define({}, entries));
    case "getters":
      return define({}, entries, true);
    case "one getter throws": {
      const target = define({}, entries.slice(1));
      const [key] = entries[0] ?? ["firstname"];
      return Object.defineProperty(target, key, { get: trapFor("throwing"), enumerable: true });
    }
    case "half inherited": {
      const inherited = define(
        {},
        entries.filter((_, index) => index % 2 === 1),
      );
      return define(
        Object.create(inherited),
        entries.filter((_, index) => index % 2 === 0),
      );
    }
    case "own __proto__ key":
      return define(define({}, entries), [["__proto__", { baseUrl: "http://evil.example", isAdmin: true }]]);
    case "JSON.parse": {
      // Only JSON's own values survive; a "__proto__" key becomes an own property, as from a request body.
      const json = (value: ValueSpec) =>
        value.t === "str" || value.t === "num" || value.t === "bool" || value.t === "anything"
          ? (JSON.stringify(value.t === "str" ? placeholders(value.v, context) : value.v) ?? "null")
          : "null";
      return JSON.parse(
        `{${spec.entries.map(([key, value]) => `${JSON.stringify(key)}:${json(value)}`).join(",")}}`,
      );
    }
    case "array":
      return entries.map(([, value]) => value);
    case "string":
      return "customer_id=191&firstname=Test";
    case "null":
      return null;
    default:
      return proxyOf(define({}, entries), spec.shape, context, label);
  }
}

const identities = new WeakMap<object, string>();
let identityCount = 0;
function identity(value: object): string {
  if (!identities.has(value)) identities.set(value, `object #${++identityCount}`);
  return identities.get(value) as string;
}

/**
 * A structural fingerprint of what the caller handed over: prototypes, extensibility and every
 * own property descriptor, a few levels deep. Proxies and signals are compared by identity.
 */
export function fingerprint(value: unknown, context: BuildContext, depth = 3): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return value;
  // A token, not the object: comparing a throwing proxy would run its traps.
  if (depth === 0 || context.proxies.has(value) || value instanceof AbortSignal) return identity(value);
  return {
    prototype: Object.getPrototypeOf(value),
    extensible: Object.isExtensible(value),
    properties: Reflect.ownKeys(value).map((key) => {
      const { get, set, value: own, ...flags } = Reflect.getOwnPropertyDescriptor(value, key) ?? {};
      return [key, flags, get, set, fingerprint(own, context, depth - 1)];
    }),
  };
}

// ---------------------------------------------------------------- arbitraries
// Each of options, params and call options is drawn either honest (unusual but valid: any
// Unicode, every control character, frozen, prototype-less, getters, transparent proxies) or
// hostile (anything at all), so that many runs send and many are refused.

const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
/** One code point of the whole Unicode range (a surrogate pair above U+FFFF, never a lone half). */
const anyCodePoint = fc.string({ unit: "binary", minLength: 1, maxLength: 1 });
const formSyntax = fc.constantFrom("&", "=", "+", "%", "%00", "#", "?", " ", "\r\n", "[]", ";");
const MEGABYTE = "x".repeat(1 << 20);

/** Valid text: full Unicode, every control character, form syntax, now and then 1 MB. */
const honestText = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.string({ unit: fc.oneof(anyCodePoint, controlCharacter, formSyntax), maxLength: 30 }),
  },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) },
);

/** Any text: the above, plus lone surrogates, "REMOVE" and header-injection attempts. */
export const hostileText = fc.oneof(
  { weight: 3, arbitrary: honestText },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.oneof(anyCodePoint, loneSurrogate, fc.constant("REMOVE")),
      maxLength: 10,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "REMOVE",
      "x\r\nX-Injected: 1",
      "\u0000",
      "\uD800",
      "\uDC00x",
      "\uDFFF\uD800",
    ),
  },
);

const str = (arbitrary: fc.Arbitrary<string>) => arbitrary.map((v): ValueSpec => ({ t: "str", v }));
const absent = fc.constant<ValueSpec>({ t: "undefined" });

const proxyMode = fc.constantFrom<ProxyMode>(
  "transparent",
  "throwing",
  "throws a non-Error",
  "throws a revoked proxy",
  "revoked",
);

/** Any value a caller could put in a field or an option. */
export const hostileValue: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 3, arbitrary: str(hostileText) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.integer(),
        fc.double(),
        fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY, 2 ** 53, -1, 1.5),
      )
      .map((v): ValueSpec => ({ t: "num", v })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<ValueSpec>(
      { t: "REMOVE" },
      { t: "null" },
      { t: "undefined" },
      { t: "bool", v: true },
      { t: "big", v: "191" },
      { t: "symbol" },
      { t: "function" },
      { t: "array" },
      { t: "boxed string", v: "Test" },
      { t: "unprintable" },
    ),
  },
  { weight: 1, arbitrary: proxyMode.map((mode): ValueSpec => ({ t: "proxy", mode })) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }).map((v): ValueSpec => ({ t: "anything", v })) },
);

// ---- params

const lookup = fc.tuple(
  fc.constantFrom(...LOOKUP_FIELDS),
  fc.oneof(
    str(fc.string({ unit: fc.oneof(anyCodePoint, controlCharacter), minLength: 1, maxLength: 12 })),
    fc.nat().map((v): ValueSpec => ({ t: "num", v })),
  ),
);
const details = (value: fc.Arbitrary<ValueSpec>) =>
  fc.uniqueArray(fc.tuple(fc.constantFrom(...DETAIL_FIELDS), value), {
    minLength: 1,
    maxLength: 5,
    selector: ([field]) => field,
  });
const honestDetail = fc.oneof(
  { weight: 5, arbitrary: str(honestText) },
  { weight: 1, arbitrary: fc.constant<ValueSpec>({ t: "REMOVE" }) },
);
const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf"),
  fc.constantFrom("fristname", "customerId", "FIRSTNAME", " firstname", "firstname\u0000"),
  fc.string({ maxLength: 12 }),
);

const honestParams: fc.Arbitrary<ObjectSpec> = fc.record({
  shape: fc.constantFrom<Shape>("plain", "plain", "null prototype", "frozen", "getters", "transparent"),
  entries: fc.tuple(lookup, details(honestDetail)).map(([id, fields]) => [id, ...fields]),
});

const hostileParams: fc.Arbitrary<ObjectSpec> = fc.record({
  shape: fc.constantFrom<Shape>(
    "plain",
    "plain",
    "plain",
    "one getter throws",
    "half inherited",
    "own __proto__ key",
    "JSON.parse",
    "throwing",
    "throws a non-Error",
    "throws a revoked proxy",
    "revoked",
    "array",
    "string",
    "null",
  ),
  entries: fc
    .tuple(
      fc.option(lookup, { nil: undefined }),
      details(fc.oneof(honestDetail, hostileValue)),
      fc.array(
        fc.tuple(fc.oneof(fc.constantFrom(...LOOKUP_FIELDS, ...DETAIL_FIELDS), hostileKey), hostileValue),
        {
          maxLength: 3,
        },
      ),
    )
    .map(([id, fields, extra]) => [...(id ? [id] : []), ...fields, ...extra]),
});

// ---- client options

const bool = fc.boolean().map((v): ValueSpec => ({ t: "bool", v }));
const count = (min: number, max: number) =>
  fc.oneof(
    absent,
    fc.integer({ min, max }).map((v): ValueSpec => ({ t: "num", v })),
  );
/** Timeouts no shorter than 5 s: a valid 1 ms timeout would (rightly) time out, which is not this property. */
const honestTimeout = count(5_000, 2 ** 31 - 1);

const honestOptions = fc.record({
  fetch: fc.constant<ValueSpec>({ t: "guard fetch" }),
  baseUrl: str(fc.constantFrom("{recorder}", "{recorder}/", "{recorder}/api", "{recorder}/api/")),
  apiKey: fc.constant<ValueSpec>({ t: "str", v: "{key}" }),
  apiUsername: fc.oneof(
    fc.constant<ValueSpec>({ t: "str", v: API_USERNAME }),
    str(fc.stringMatching(/^[\x21-\x7e]{1,20}$/)),
  ),
  timeoutMs: honestTimeout,
  maxRetries: count(0, 3),
  maxRetryAfterMs: count(0, 2 ** 31 - 1),
  allowInsecureHttp: fc.oneof(absent, bool),
  dangerouslyAllowBrowser: fc.oneof(absent, bool),
  logger: fc.oneof(absent, fc.constant<ValueSpec>({ t: "logger", mode: "recording" })),
});

const hostileUrl = str(
  fc.oneof(
    fc.constantFrom(
      "https://u:p@tracking.example.com/api",
      `https://admin:${SENTINEL_API_KEY}@127.0.0.1/api`,
      "https://tracking.example.com/api?debug=1",
      "https://tracking.example.com/api#top",
      "https://tracking.example.com/api?",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "data:text/plain,true",
      "ftp://127.0.0.1/api",
      "ws://127.0.0.1/api",
      "http://tracking.example.com/api",
      "http://10.0.0.1/api",
      "{recorder}/api\r\nX-Injected: 1",
      "//127.0.0.1/api",
      "127.0.0.1/api",
      "",
      " ",
    ),
    fc.webUrl(),
    fc.string({ maxLength: 20 }),
  ),
);

/** Honest options with one to three of them replaced by anything at all. */
const hostileOptionEntries = fc
  .tuple(
    honestOptions,
    fc.record(
      {
        fetch: hostileValue,
        baseUrl: fc.oneof(hostileUrl, hostileValue),
        apiKey: fc.oneof(
          str(fc.constantFrom("{key}\r\n", " {key}", "{key}é", "{key}\u0000", "")),
          hostileValue,
        ),
        apiUsername: fc.oneof(str(hostileText), hostileValue),
        timeoutMs: hostileValue,
        maxRetries: hostileValue,
        maxRetryAfterMs: hostileValue,
        allowInsecureHttp: hostileValue,
        dangerouslyAllowBrowser: hostileValue,
        logger: fc.oneof(
          fc
            .constantFrom("throwing", "non-function", "throwing getter")
            .map((mode): ValueSpec => ({ t: "logger", mode })),
          hostileValue,
        ),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([honest, hostile]) => Object.entries({ ...honest, ...hostile }));

const honestOptionShapes: Shape[] = [
  "plain",
  "plain",
  "null prototype",
  "frozen",
  "getters",
  "half inherited",
  "own __proto__ key",
  "transparent",
];

const optionsSpec: fc.Arbitrary<ObjectSpec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      shape: fc.constantFrom(...honestOptionShapes),
      entries: honestOptions.map((record) => Object.entries(record)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      shape: fc.constantFrom<Shape>(
        ...honestOptionShapes,
        "one getter throws",
        "throwing",
        "throws a revoked proxy",
        "revoked",
        "array",
        "string",
      ),
      entries: hostileOptionEntries,
    }),
  },
);

// ---- call options

const callSpec: fc.Arbitrary<ObjectSpec | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.record({
      shape: fc.constantFrom<Shape>("plain", "null prototype", "frozen", "getters", "transparent"),
      entries: fc
        .record({
          signal: fc.oneof(absent, fc.constant<ValueSpec>({ t: "signal", mode: "live" })),
          timeoutMs: honestTimeout,
          maxRetries: count(0, 3),
        })
        .map((record) => Object.entries(record)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      shape: fc.constantFrom<Shape>("plain", "getters", "throwing", "revoked", "one getter throws"),
      entries: fc
        .record({
          signal: fc.oneof(
            fc.constantFrom("aborted", "fake", "proxy").map((mode): ValueSpec => ({ t: "signal", mode })),
            hostileValue,
          ),
          timeoutMs: fc.oneof(honestTimeout, hostileValue),
          maxRetries: fc.oneof(count(0, 3), hostileValue),
        })
        .map((record) => Object.entries(record)),
    }),
  },
);

/** The whole parameter space: client options, params, per-call options. */
export const hostileInput: fc.Arbitrary<HostileInput> = fc.record({
  options: optionsSpec,
  params: fc.oneof(honestParams, hostileParams),
  call: callSpec,
});
