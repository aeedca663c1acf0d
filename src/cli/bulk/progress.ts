import { MultiBar, type SingleBar } from "cli-progress";
import type { LimiterState } from "../../index.js";
import type { Output } from "../output.js";
import { plural } from "../words.js";

/** Shows how a bulk run is going on stderr. */
export interface Progress {
  /** A row finished; `failed` says whether it failed. */
  tick(failed: boolean): void;
  /** A line of text that must not be drawn over by the bar. */
  log(line: string): void;
  stop(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * The client's pacing, as a progress line shows it: `limit 6/16, server asked to wait 2s`,
 * `install slowing: 180 ms vs 50 ms` while its answers set the pace, and `install down for 1m05s,
 * one probe at a time` while it seems down.
 */
function pacing({ limit, maxConcurrency, waitingUntil, downSince, slowing }: LimiterState): string {
  const since = (at: number) => formatDuration(Math.abs(at - Date.now()) / 1000);
  const parts = [`limit ${limit}/${maxConcurrency}`];
  if (slowing) {
    parts.push(`install slowing: ${Math.round(slowing.recentMs)} ms vs ${Math.round(slowing.baselineMs)} ms`);
  }
  if (waitingUntil !== undefined) parts.push(`server asked to wait ${since(waitingUntil)}`);
  if (downSince !== undefined) parts.push(`install down for ${since(downSince)}, one probe at a time`);
  return parts.join(", ");
}

/** A progress bar (cli-progress) for a terminal: rows done/total, rate, errors, the client's pacing, ETA. */
class BarProgress implements Progress {
  readonly #bars: MultiBar;
  readonly #bar: SingleBar;
  readonly #started = Date.now();
  readonly #output: Output;
  readonly #limiter: () => LimiterState;
  /** Redraws the pacing while no row finishes (a wait the server asked for). */
  readonly #refresh: ReturnType<typeof setInterval>;
  #done = 0;
  #errors = 0;

  constructor(output: Output, total: number, limiter: () => LimiterState) {
    this.#output = output;
    this.#limiter = limiter;
    this.#bars = new MultiBar({
      stream: output.stderrStream,
      format: "{bar} {value}/{total} rows | {rate} rows/s | {errors} errors | {pacing} | ETA {eta_formatted}",
      barsize: 20,
      etaBuffer: 200,
      fps: 10,
      gracefulExit: false,
      hideCursor: false,
    });
    this.#bar = this.#bars.create(total, 0, { rate: "0.0", errors: 0, pacing: pacing(limiter()) });
    // Every other line on stderr (--verbose, warnings) goes above the bar instead of through it.
    output.divert((line) => this.#bars.log(`${line}\n`));
    this.#refresh = setInterval(() => this.#update(), 500);
    this.#refresh.unref();
  }

  #update(): void {
    const seconds = (Date.now() - this.#started) / 1000;
    const rate = seconds > 0 ? (this.#done / seconds).toFixed(1) : "0.0";
    this.#bar.update(this.#done, { rate, errors: this.#errors, pacing: pacing(this.#limiter()) });
  }

  tick(failed: boolean): void {
    this.#done++;
    if (failed) this.#errors++;
    this.#update();
  }

  log(line: string): void {
    this.#bars.log(`${line}\n`);
  }

  stop(): void {
    clearInterval(this.#refresh);
    this.#output.divert(undefined);
    // cli-progress writes logged lines at its next redraw, and stop() does not redraw: flush them first.
    this.#bars.update();
    this.#bars.stop();
  }
}

/** Plain lines for a pipe or file: one per tenth of the rows, and at least every 30 s. */
class LineProgress implements Progress {
  readonly #output: Output;
  readonly #total: number;
  readonly #limiter: () => LimiterState;
  readonly #started = Date.now();
  /** A line every 30 s even while no row finishes (a long wait the server asked for). */
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #done = 0;
  #errors = 0;
  #lastTenth = 0;
  #lastAt = Date.now();

  constructor(output: Output, total: number, limiter: () => LimiterState) {
    this.#output = output;
    this.#total = total;
    this.#limiter = limiter;
    this.#heartbeat = setInterval(() => this.#report(false), 30_000);
    this.#heartbeat.unref();
  }

  tick(failed: boolean): void {
    this.#done++;
    if (failed) this.#errors++;
    this.#report(true);
  }

  #report(ticked: boolean): void {
    const tenth = this.#total ? Math.floor((this.#done * 10) / this.#total) : 10;
    const now = Date.now();
    if ((ticked && tenth > this.#lastTenth) || now - this.#lastAt >= 30_000) {
      this.#lastTenth = tenth;
      this.#lastAt = now;
      const seconds = (now - this.#started) / 1000;
      const rate = seconds > 0 ? this.#done / seconds : 0;
      const eta = rate > 0 ? (this.#total - this.#done) / rate : Number.POSITIVE_INFINITY;
      const percent = this.#total ? Math.floor((this.#done * 100) / this.#total) : 100;
      this.#output.err(
        `progress: ${this.#done}/${this.#total} rows (${percent}%), ${this.#errors} errors, ${rate.toFixed(1)} rows/s, ${pacing(this.#limiter())}, ETA ${formatDuration(eta)}`,
      );
    }
  }

  log(line: string): void {
    this.#output.err(line);
  }

  stop(): void {
    clearInterval(this.#heartbeat);
  }
}

/** Counts of a bulk run, printed at the end. */
export interface BulkSummary {
  file: string;
  rows: number;
  invalid: number;
  /** Why the whole file can't be read (a bad CSV header, text not in its encoding): then nothing is sent. */
  fileProblem: string | undefined;
  /** Rows the resumed report already marked ok. */
  skipped: number;
  /** Valid rows not already ok: what this run sends (or, with --dry-run, would send). */
  toSend: number;
  /** Rows to send whose record an earlier row names, each sent after it (counted by a dry run). */
  repeats: number | undefined;
  succeeded: number;
  failed: number;
  /** Valid rows never sent (interrupted, or the run stopped early). */
  notSent: number;
  /** Rows that finished but have no line in the report, because a write to it failed. */
  notInReport: number;
  /** Failures by error class. */
  errors: Record<string, number>;
  report: string | undefined;
  dryRun: boolean;
  interrupted: boolean;
  stoppedEarly: boolean;
  /** Why the results could not be written (the report, or stdout with --json), when they could not. */
  notWritten: string | undefined;
}

/** How the run ended, as the summary's first word. */
function ending(s: BulkSummary): string {
  if (s.notWritten) return "Stopped";
  if (s.interrupted) return "Interrupted";
  if (s.stoppedEarly) return "Stopped early";
  return "Done";
}

/** The closing lines of a bulk run, for people. */
export function formatSummary(s: BulkSummary): string {
  if (s.fileProblem) return `${s.file} can't be read as a whole (${s.fileProblem}): nothing was sent.`;
  if (s.dryRun) {
    const parts = [
      `Checked ${plural(s.rows, "row")} of ${s.file}: ${s.rows - s.invalid} valid, ${s.invalid} invalid.`,
    ];
    if (s.skipped) parts.push(`${s.skipped} already ok in the report would be skipped.`);
    if (s.repeats) {
      const share = s.repeats === 1 ? "shares" : "share";
      parts.push(
        `${plural(s.repeats, "row")} ${share} a lookup value with an earlier row; each is sent after it.`,
      );
    }
    parts.push("Dry run: nothing was sent.");
    return parts.join(" ");
  }
  if (s.invalid)
    return `${plural(s.invalid, "invalid row")} in ${s.file}; nothing was sent. Fix them and run again.`;
  const errors = Object.entries(s.errors)
    .map(([name, count]) => `${count} ${name}`)
    .join(", ");
  const lines = [
    `${ending(s)}: ${s.succeeded} ok, ${s.failed} failed${errors ? ` (${errors})` : ""}, ${s.skipped} skipped (already ok), ${s.notSent} not sent; ${plural(s.rows, "row")} in ${s.file}.`,
  ];
  if (s.report) lines.push(`Report: ${s.report}`);
  if (s.notInReport) {
    lines.push(
      `${plural(s.notInReport, "row")} that finished ${s.notInReport === 1 ? "is" : "are"} not in the report; --resume sends them again.`,
    );
  }
  if ((s.notSent || s.notInReport) && s.report) {
    lines.push(`To send the rest: run the same command with --resume ${s.report}`);
  }
  if (s.notSent && !s.report) lines.push("No --report was given, so this run cannot be resumed.");
  return lines.join("\n");
}

/** A bar when stderr is a terminal, plain periodic lines otherwise; `limiter` reads the client's pacing. */
export function createProgress(output: Output, total: number, limiter: () => LimiterState): Progress {
  return output.stderrIsTTY
    ? new BarProgress(output, total, limiter)
    : new LineProgress(output, total, limiter);
}
