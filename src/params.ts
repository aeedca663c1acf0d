import type { operations } from "./generated/openapi.js";
import type { OPERATIONS, OperationId } from "./generated/operation-data.js";
import type { OperationAnswers, OperationFields, OperationParams } from "./generated/operation-types.js";

/** The form body openapi-typescript generated for an operation; `undefined` for one without a body. */
export type WireBody<Id extends OperationId> = operations[Id] extends {
  requestBody: { content: { "application/x-www-form-urlencoded": infer Body } };
}
  ? Body
  : undefined;

/** The query openapi-typescript generated for an operation; `undefined` for one without query parameters. */
export type WireQuery<Id extends OperationId> = operations[Id] extends { parameters: { query?: infer Query } }
  ? Query
  : undefined;

/** The value of a lookup id: text, or a whole number for numeric ids such as `191`. */
export type LookupValue = string | number;

declare const rule: unique symbol;

/**
 * The type of a field passed against one of an operation's rules: the compiler's error quotes
 * `Rule`, which says what to do (e.g. `Type 'string' is not assignable to type 'BrokenRule<"exactly
 * one lookup id: pass customer_id or subscription_id, not both">'`).
 */
export interface BrokenRule<Rule extends string> {
  readonly [rule]: Rule;
}

/** Exactly one of the lookup ids `L`: each branch names one, and refuses the others by the `Rule` text. */
export type OneLookup<L extends string, Rule extends string> = {
  [K in L]: { [P in K]: LookupValue } & { [P in Exclude<L, K>]?: BrokenRule<Rule> };
}[L];

/**
 * An operation's parameters from its fields `F`: exactly one of the lookup ids `L` (none when `L` is
 * `never`; `LookupRule` says the rule), every field of `R`, and any of the others.
 */
export type ParamsShape<F, L extends keyof F & string, R extends keyof F, LookupRule extends string> = ([
  L,
] extends [never]
  ? unknown
  : OneLookup<L, LookupRule>) & { [K in R]: F[K] } & { [K in Exclude<keyof F, L | R>]?: F[K] };

/** At least one of the fields `D` of `F` (with the others of `F` optional beside it). */
export type AtLeastOne<F, D extends keyof F> = { [K in D]: { [P in K]-?: F[P] } }[D];

/**
 * What the compiler checks of params it sees whole (an object literal), beyond their type: at least
 * one of the details `D` (`DetailRule` says the rule; `never` for an operation without that rule),
 * and no removable field (`Removable`) set to the text "REMOVE", which would delete it. A union of
 * params is checked member by member.
 */
export type CheckedParams<
  P,
  D extends string,
  DetailRule extends string,
  Removable extends string,
> = P extends unknown
  ? ([DetailRule] extends [never]
      ? unknown
      : [keyof P & D] extends [never]
        ? { readonly [rule]: DetailRule }
        : unknown) & {
      [K in keyof P]?: K extends Removable
        ? P[K] extends "REMOVE"
          ? BrokenRule<`the text "REMOVE" would delete ${K & string}: pass the REMOVE constant to remove it`>
          : unknown
        : unknown;
    }
  : never;

/** The fields of a literal that the operation does not have, each refused by the rule's name. */
export type NoUnknownFields<P, F> = P extends unknown
  ? {
      [K in Exclude<
        keyof P,
        keyof F
      >]: BrokenRule<`unknown field: ${K & string} is not a field of this operation`>;
    }
  : never;

/** The parameters of an operation, checked at compile time (see each operation's `…Params` type). */
export type ParamsOf<Id extends ParamsOperationId> = OperationParams[Id];

/**
 * An operation's parameters as code builds them at run time, from a form or another system:
 * every field optional, `undefined` allowed (it is left out). `validateParams` checks the rules
 * the type can't (one lookup id, enough details, the rules between fields) and returns them as
 * {@link ParamsOf}.
 */
export type InputOf<Id extends ParamsOperationId> = {
  [K in keyof OperationFields[Id]]?: OperationFields[Id][K] | undefined;
};

/** What an operation resolves to, as its 200 answer says. */
export type AnswerOf<Id extends OperationId> = OperationAnswers[Id];

/** The operations that take parameters (a form body or a query). */
export type ParamsOperationId = keyof OperationParams;

/** An operation's lookup ids, e.g. `"customer_id" | "subscription_id"`: exactly one names the record. */
export type LookupField<Id extends OperationId> = (typeof OPERATIONS)[Id]["lookup"][number];

/** An operation's detail fields: the optional ones beside its lookup ids and required fields. */
export type DetailField<Id extends OperationId> = (typeof OPERATIONS)[Id]["details"][number];
