/**
 * The shape of the operation data `npm run generate` writes (src/generated/operation-data.ts, which
 * `satisfies` it): what the one call path reads to check, send and judge any operation.
 */

/** A rule between fields: when `when` is given (equal to, or at most, a number), `require` must be too and `forbid` must not. */
export type FieldsRule = {
  readonly when: string;
  readonly equals?: number;
  readonly atMost?: number;
  readonly require?: readonly string[];
  readonly forbid?: readonly string[];
};

/** What a field takes, and how it is written on the wire. */
export type FieldRule =
  /** Text; a lookup id also takes a whole number. `forbid` is refused (`loose`: any text PHP's `==` takes for it). */
  | {
      readonly kind: "text";
      readonly minLength?: number;
      readonly enum?: readonly string[];
      readonly forbid?: string;
      readonly loose?: boolean;
    }
  /** A number: a whole one (`integer`, sent as digits) or any finite one (`decimal`, sent without exponent). */
  | {
      readonly kind: "integer" | "decimal";
      readonly enum?: readonly number[];
      readonly minimum?: number;
      readonly maximum?: number;
    }
  /** A list of names from `items`, sent joined by `separator`; each at most once when `unique`. */
  | {
      readonly kind: "list";
      readonly items: readonly string[];
      readonly separator: string;
      readonly unique: boolean;
    }
  /** An object of fields, sent as `name[key]=value` (OpenAPI's deepObject), with rules between its keys. */
  | {
      readonly kind: "object";
      readonly fields: Readonly<Record<string, FieldRule>>;
      readonly rules: readonly FieldsRule[];
    };

/** A 2xx answer told apart by one text field: a failure carries the vendor's reason, a success its answer. */
export type AnswerRule =
  | { readonly type: "true" }
  | { readonly type: "json" }
  | {
      readonly type: "envelope";
      readonly failure: { readonly field: string; readonly pattern: string; readonly answer: string };
      readonly success?: {
        readonly pattern: string;
        readonly answer: string;
        readonly answerRequired: boolean;
        readonly booleans?: Readonly<Record<string, boolean>>;
      };
      /** Whether an array or object without the envelope's field is the answer itself (a report's records). */
      readonly bare: boolean;
    };

/** One operation, as data. */
export interface OperationData {
  readonly method: "GET" | "POST" | "PUT" | "PATCH";
  readonly path: string;
  /** Where its params go: a form body, the query, or nowhere (it takes none). */
  readonly input: "form" | "query" | "none";
  readonly fields: Readonly<Record<string, FieldRule>>;
  /** Exactly one of these names the record (none: no lookup). */
  readonly lookup: readonly string[];
  readonly required: readonly string[];
  /** The optional fields besides the lookup ids; at least `minDetails` of them. */
  readonly details: readonly string[];
  readonly minDetails: number;
  /** Details that take the removal token; `notRemovable` refuse it. */
  readonly removable: readonly string[];
  readonly notRemovable: readonly string[];
  /** Fields the client sends itself, with their value; a caller never passes them. */
  readonly filled: Readonly<Record<string, string>>;
  readonly rules: readonly FieldsRule[];
  readonly answer: AnswerRule;
  /** A paged report: its offset and page-size fields, and the server's page size. */
  readonly paging?: { readonly offset: string; readonly limit: string; readonly pageSize: number };
}
