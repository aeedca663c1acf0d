import type { NOT_REMOVABLE_FIELDS } from "./generated/fields.js";
import type { operations } from "./generated/openapi.js";
import type { Remove } from "./remove.js";

type WireBody = NonNullable<
  operations["setCustomerDetails"]["requestBody"]
>["content"]["application/x-www-form-urlencoded"];

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** The lookup ids, e.g. `"customer_id" | "subscription_id"`: each spec branch requires exactly one. */
export type LookupField = WireBody extends infer B ? (B extends unknown ? RequiredKeys<B> : never) : never;

/** The detail fields the spec lists beside the lookup id. */
export type DetailField = WireBody extends infer B
  ? B extends unknown
    ? Exclude<keyof B, RequiredKeys<B>>
    : never
  : never;

type NotRemovableField = (typeof NOT_REMOVABLE_FIELDS)[number];
type WireValue<K extends PropertyKey> = WireBody extends infer B
  ? B extends { [P in K]?: infer V }
    ? V
    : never
  : never;

/** Each detail field's accepted value: its wire type, or {@link REMOVE} where removal is allowed. */
export type DetailValues = {
  [K in DetailField]: K extends NotRemovableField ? WireValue<K> : WireValue<K> | Remove;
};

type AtLeastOne<T> = {
  [K in keyof T]-?: { [P in K]-?: T[P] } & { [P in Exclude<keyof T, K>]?: T[P] };
}[keyof T];

type ByLookup<L extends LookupField> = { [P in L]: string | number } & {
  [P in Exclude<LookupField, L>]?: never;
};

/**
 * The parameters of `setCustomerDetails`: exactly one lookup id (a string, or a number for
 * numeric ids) and at least one detail field, each a string or {@link REMOVE} (`password`: string only).
 *
 * Derived from the generated spec types: a field added to openapi.yaml appears here after `npm run generate`.
 */
export type SetCustomerDetailsParams = {
  [L in LookupField]: ByLookup<L> & AtLeastOne<DetailValues>;
}[LookupField];
