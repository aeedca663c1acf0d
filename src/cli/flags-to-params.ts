import { DETAIL_FIELDS, LOOKUP_FIELDS, NOT_REMOVABLE_FIELDS } from "../generated/fields.js";
import { REMOVE } from "../index.js";
import type { Flags } from "./args.js";
import { flagForField } from "./definition.js";
import { CliUsageError } from "./errors.js";
import { suggestField } from "./suggest-field.js";

const FIELDS: readonly string[] = [...LOOKUP_FIELDS, ...DETAIL_FIELDS];
const DETAILS: readonly string[] = DETAIL_FIELDS;
const NOT_REMOVABLE: readonly string[] = NOT_REMOVABLE_FIELDS;

/** Flags that only make sense for one update, not with --from. */
export function singleUpdateFlagsGiven(flags: Flags): string[] {
  const given = FIELDS.map(flagForField).filter((name) => flags.has(name));
  for (const name of ["remove", "password-stdin"]) if (flags.has(name)) given.push(name);
  return given.map((name) => `--${name}`);
}

/**
 * Builds setCustomerDetails params from the field flags, `--remove` and a password read from stdin.
 * Values stay strings; the client checks them. Throws {@link CliUsageError} for flags that contradict each other.
 */
export function paramsFromFlags(
  flags: Flags,
  passwordFromStdin: string | undefined,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = flags.string(flagForField(field));
    if (value !== undefined) params[field] = value;
  }
  if (passwordFromStdin !== undefined) {
    if (params.password !== undefined) {
      throw new CliUsageError("Pass the password with --password or --password-stdin, not both.");
    }
    params.password = passwordFromStdin;
  }
  for (const name of flags.strings("remove")) {
    const field = name.replaceAll("-", "_");
    if (!DETAILS.includes(field)) {
      const suggestion = suggestField(name, DETAILS);
      throw new CliUsageError(
        `--remove ${name}: not a field that can be removed.${suggestion ? ` Did you mean ${suggestion}?` : ""} Removable: ${DETAILS.filter((f) => !NOT_REMOVABLE.includes(f)).join(", ")}.`,
      );
    }
    if (NOT_REMOVABLE.includes(field)) {
      throw new CliUsageError(`--remove ${field}: ${field} can be set but never removed.`);
    }
    if (params[field] !== undefined && params[field] !== REMOVE) {
      throw new CliUsageError(
        `--${flagForField(field)} and --remove ${field} contradict each other; pass one.`,
      );
    }
    params[field] = REMOVE;
  }
  return params;
}
