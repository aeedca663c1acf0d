/** Counts of a bulk run, printed at the end. */
export interface BulkSummary {
  file: string;
  rows: number;
  invalid: number;
  /** Rows the resumed report already marked ok. */
  skipped: number;
  /** Valid rows not already ok: what this run sends (or, with --dry-run, would send). */
  toSend: number;
  succeeded: number;
  failed: number;
  /** Valid rows never sent (interrupted, or the run stopped early). */
  notSent: number;
  /** Failures by error class. */
  errors: Record<string, number>;
  report: string | undefined;
  dryRun: boolean;
  interrupted: boolean;
  stoppedEarly: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The closing lines of a bulk run, for people. */
export function formatSummary(s: BulkSummary): string {
  if (s.dryRun) {
    const parts = [
      `Checked ${plural(s.rows, "row")} of ${s.file}: ${s.rows - s.invalid} valid, ${s.invalid} invalid.`,
    ];
    if (s.skipped) parts.push(`${s.skipped} already ok in the report would be skipped.`);
    parts.push("Dry run: nothing was sent.");
    return parts.join(" ");
  }
  if (s.invalid)
    return `${plural(s.invalid, "invalid row")} in ${s.file}; nothing was sent. Fix them and run again.`;
  const errors = Object.entries(s.errors)
    .map(([name, count]) => `${count} ${name}`)
    .join(", ");
  const lines = [
    `${s.interrupted ? "Interrupted" : s.stoppedEarly ? "Stopped early" : "Done"}: ${s.succeeded} ok, ${s.failed} failed${errors ? ` (${errors})` : ""}, ${s.skipped} skipped (already ok), ${s.notSent} not sent; ${plural(s.rows, "row")} in ${s.file}.`,
  ];
  if (s.report) lines.push(`Report: ${s.report}`);
  if (s.notSent && s.report) lines.push(`To send the rest: run the same command with --resume ${s.report}`);
  if (s.notSent && !s.report) lines.push("No --report was given, so this run cannot be resumed.");
  return lines.join("\n");
}
