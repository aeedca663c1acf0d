import type { operations } from "./generated/openapi.js";
import type { OPERATIONS, OperationId } from "./generated/operation-data.js";
import type { Remove } from "./remove.js";

/**
 * The form body openapi-typescript generated for an operation: a union of closed objects, one per
 * lookup id, their values as text; `undefined` for an operation without a body.
 */
export type WireBody<Id extends OperationId> = operations[Id] extends {
  requestBody: { content: { "application/x-www-form-urlencoded": infer Body } };
}
  ? Body
  : undefined;

export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** An operation's lookup ids, e.g. `"customer_id" | "subscription_id"`: each spec branch requires exactly one. */
export type LookupField<Id extends OperationId> =
  WireBody<Id> extends infer B ? (B extends unknown ? RequiredKeys<B> : never) : never;

/** An operation's detail fields: those its spec branches list beside the lookup id. */
export type DetailField<Id extends OperationId> =
  WireBody<Id> extends infer B ? (B extends unknown ? Exclude<keyof B, RequiredKeys<B>> : never) : never;

export type NotRemovableField<Id extends OperationId> = (typeof OPERATIONS)[Id]["notRemovable"][number];
export type WireValue<Id extends OperationId, K extends PropertyKey> =
  WireBody<Id> extends infer B ? (B extends { [P in K]?: infer V } ? V : never) : never;

/** Each detail field's accepted value: its wire type, or {@link REMOVE} where removal is allowed. */
export type DetailValues<Id extends OperationId> = {
  [K in DetailField<Id>]: K extends NotRemovableField<Id> ? WireValue<Id, K> : WireValue<Id, K> | Remove;
};

export type AtLeastOne<T> = {
  [K in keyof T]-?: { [P in K]-?: T[P] } & { [P in Exclude<keyof T, K>]?: T[P] };
}[keyof T];

/** The details of a call: at least one where the spec asks for one (`minProperties`), else any. */
export type Details<Id extends OperationId> = (typeof OPERATIONS)[Id]["minDetails"] extends 0
  ? Partial<DetailValues<Id>>
  : AtLeastOne<DetailValues<Id>>;

export type ByLookup<All extends PropertyKey, L extends All> = { [P in L]: string | number } & {
  [P in Exclude<All, L>]?: never;
};

/**
 * The parameters of an operation: exactly one lookup id (a string, or a number for numeric ids)
 * and its detail fields, each a string or {@link REMOVE} where removal is allowed.
 *
 * Derived from the generated spec types: a field added to openapi.yaml appears here after `npm run generate`.
 */
export type ParamsOf<Id extends OperationId> = {
  [L in LookupField<Id>]: ByLookup<LookupField<Id>, L> & Details<Id>;
}[LookupField<Id>];

/**
 * An operation's parameters as code builds them at run time, from a form or another system:
 * every field optional, `undefined` allowed (it is left out). `validateParams` checks the rules
 * the type can't (one lookup id, enough details) and returns them as {@link ParamsOf}.
 */
export type InputOf<Id extends OperationId> = {
  [K in LookupField<Id>]?: string | number | undefined;
} & { [K in DetailField<Id>]?: DetailValues<Id>[K] | undefined };

/** What an operation resolves to: its 200 answer as the spec types it (`true`, or `unknown` JSON). */
export type AnswerOf<Id extends OperationId> = operations[Id]["responses"] extends {
  200: { content: { "application/json": infer Answer } };
}
  ? Answer
  : never;
