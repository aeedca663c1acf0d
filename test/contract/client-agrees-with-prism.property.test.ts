import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { createTrackfinityClient, REMOVE, TrackfinityValidationError } from "../../src/index.ts";
import { CREDENTIALS, rawPatch } from "./raw-request.ts";

const {
  details: DETAIL_FIELDS,
  lookup: LOOKUP_FIELDS,
  notRemovable: NOT_REMOVABLE_FIELDS,
} = OPERATIONS.setCustomerDetails;

/** Recorded so a failure can be replayed exactly: `fc.assert(..., { seed: SEED })`. */
const SEED = 20261126;
const RUNS = 300;
const NOT_REMOVABLE: readonly string[] = NOT_REMOVABLE_FIELDS;

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("lone \uD83D surrogate", "\uDE00"),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("&=+%", "a b", "REMOVE", "", "0123", "\r\n"),
);
const detailValue = fc.oneof(
  { weight: 12, arbitrary: text },
  { weight: 2, arbitrary: fc.constant(REMOVE) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 99_999 }) },
);
const lookupValue = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 1_000_000 }) },
  { weight: 1, arbitrary: text },
);
const params = fc.record(
  {
    lookups: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...LOOKUP_FIELDS).map((field) => [field]) },
      { weight: 2, arbitrary: fc.subarray([...LOOKUP_FIELDS]) },
    ),
    lookupValue,
    details: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.dictionary(fc.constantFrom(...DETAIL_FIELDS), detailValue, { minKeys: 1, maxKeys: 4 }),
      },
      { weight: 1, arbitrary: fc.constant({}) },
    ),
    unknown: fc.oneof(
      { weight: 7, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom("fristname", "customerId", "zipcode") },
    ),
  },
  { requiredKeys: ["lookups", "lookupValue", "details"] },
);

type Drawn = typeof params extends fc.Arbitrary<infer T> ? T : never;

function toParams(drawn: Drawn): Record<string, unknown> {
  const result: Record<string, unknown> = { ...drawn.details };
  for (const lookup of drawn.lookups) result[lookup] = drawn.lookupValue;
  if (drawn.unknown) result[drawn.unknown] = "x";
  return result;
}

/** The body a naive client would send for the same object: every value as text, REMOVE as its token. */
function naiveBody(object: Record<string, unknown>): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(object))
    body.append(key, value === REMOVE ? "REMOVE" : String(value));
  return body.toString();
}

/** Rules only the client enforces (docs/spec-notes.md): Prism accepts these bodies, the client refuses them. */
function breaksClientOnlyRule(object: Record<string, unknown>): boolean {
  return Object.entries(object).some(([field, value]) => {
    const isDetail = (DETAIL_FIELDS as readonly string[]).includes(field);
    if (typeof value === "string" && !(value as unknown as { isWellFormed(): boolean }).isWellFormed())
      return true;
    if (isDetail && typeof value === "number") return true;
    if (isDetail && value === "REMOVE" && !NOT_REMOVABLE.includes(field)) return true;
    // A lookup id that reads REMOVE is almost surely a mistake: the client refuses it.
    if (!isDetail && value === "REMOVE") return true;
    return !isDetail && typeof value === "number" && !(Number.isSafeInteger(value) && value >= 0);
  });
}

describe("the client's accept/reject decision agrees with Prism's", () => {
  it(`on ${RUNS} generated requests (seed ${SEED}), and accepted values round-trip byte-exactly`, async () => {
    const prismUrl = inject("prismUrl");
    let accepted = 0;
    let clientOnly = 0;
    await fc.assert(
      fc.asyncProperty(params, async (drawn) => {
        const object = toParams(drawn);
        const prism = await rawPatch(naiveBody(object), CREDENTIALS);
        let sentBody: string | undefined;
        const client = createTrackfinityClient({
          baseUrl: prismUrl,
          ...{ apiKey: CREDENTIALS["api-key"], apiUsername: CREDENTIALS["api-username"] },
          fetch: async (request) => {
            sentBody = await request.clone().text();
            return fetch(request);
          },
        });
        let clientAccepted: boolean;
        try {
          await client.setCustomerDetails(object as never);
          clientAccepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(TrackfinityValidationError);
          expect(sentBody).toBeUndefined();
          clientAccepted = false;
        }
        const clientOnlyRule = breaksClientOnlyRule(object);
        if (clientOnlyRule) clientOnly++;
        expect(clientAccepted).toBe(prism.status === 200 && !clientOnlyRule);
        if (clientAccepted) {
          accepted++;
          const decoded = new URLSearchParams(sentBody);
          for (const [field, value] of Object.entries(object)) {
            expect(decoded.get(field)).toBe(value === REMOVE ? "REMOVE" : String(value));
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator must exercise both outcomes and the client-only rules, or the property proves little.
    expect(accepted).toBeGreaterThan(RUNS / 5);
    expect(clientOnly).toBeGreaterThan(RUNS / 20);
    expect(RUNS - accepted - clientOnly).toBeGreaterThan(RUNS / 10);
  }, 120_000);
});
