/** "a or b", "a, b or c": a choice among names, as the CLI writes it. */
export const either = (names: readonly string[]): string => {
  const last = names.at(-1) ?? "";
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${last}` : last;
};

/** "1 row", "2 rows": a count with its noun. */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;
