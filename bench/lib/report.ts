import type { Measured } from "./rounds.ts";
import { type Summary, summarize } from "./stats.ts";

/** A ratio to a reference contender, with the range of the same ratio taken round by round. */
export interface Ratio {
  value: number;
  reference: string;
  /** The same ratio's lowest and highest value over `over` (e.g. "rounds"), when measured that way. */
  low?: number;
  high?: number;
  over?: string;
}

export interface Goal {
  /** e.g. "≥ 0.90×" */
  text: string;
  met: boolean;
}

export interface Row {
  measured: string;
  unit: string;
  /** Absent when the row was skipped; `note` says why. */
  value?: Summary;
  decimals?: number;
  ratio?: Ratio;
  goal?: Goal;
  note?: string;
}

export interface Section {
  title: string;
  rows: Row[];
}

/** A throughput row from pooled samples, with its ratio to `reference` when given. */
export function throughputRow(m: Measured, unit: string, reference?: Measured): Row {
  const row: Row = { measured: m.name, unit, value: summarize(m.samples) };
  if (reference && reference !== m) row.ratio = ratioOf(m, reference);
  return row;
}

/**
 * The ratio of `m` to `reference`: taken round by round (each round measures both side by side, so
 * drift of a busy machine cancels out), the median of those, and their lowest and highest.
 */
export function ratioOf(m: Measured, reference: Measured): Ratio {
  return pairedRatio(m.roundMedians, reference.roundMedians, reference.name, "rounds");
}

/** The median of `values[i] / reference[i]`, with the range of those ratios (min–max, or p25–p75). */
export function pairedRatio(
  values: readonly number[],
  reference: readonly number[],
  name: string,
  over: string,
  quartiles = false,
): Ratio {
  const ratios = values.map((v, i) => v / (reference[i] ?? Number.NaN));
  const spread = summarize(ratios);
  return {
    value: spread.median,
    reference: name,
    low: quartiles ? spread.p25 : Math.min(...ratios),
    high: quartiles ? spread.p75 : Math.max(...ratios),
    over: quartiles ? `${over} p25–p75` : over,
  };
}

export function atLeast(ratio: Ratio | undefined, target: number): Goal {
  return { text: `≥ ${target.toFixed(2)}×`, met: ratio !== undefined && ratio.value >= target };
}

export function atMost(ratio: Ratio | undefined, target: number): Goal {
  return { text: `≤ ${target.toFixed(2)}×`, met: ratio !== undefined && ratio.value <= target };
}

/**
 * A baseline build's row, placed under the same row of the current build: the baseline's own figures,
 * and as its ratio the current build's divided by the baseline's, taken side by side like every
 * ratio. Its goal is "no worse": the Goal column reads MISSED when the current build is slower, or
 * heavier, than the baseline (below 1.00× where higher is better, above 1.00× where lower is).
 */
export function baselineRow(
  row: Row,
  currentOverBaseline: Omit<Ratio, "reference">,
  better: "higher" | "lower",
): Row {
  const ratio = { ...currentOverBaseline, reference: "current ÷ baseline" };
  return { ...row, ratio, goal: better === "higher" ? atLeast(ratio, 1) : atMost(ratio, 1) };
}

/** A baseline build's throughput row, its ratio the current build's to it, round by round. */
export function baselineThroughputRow(baseline: Measured, current: Measured, unit: string): Row {
  return baselineRow(throughputRow(baseline, unit), ratioOf(current, baseline), "higher");
}

const number = (value: number, decimals: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

const times = (value: number) => `${value.toFixed(2)}×`;

function cells(row: Row): string[] {
  const d = row.decimals ?? 0;
  const v = row.value;
  const ratio = row.ratio
    ? `${times(row.ratio.value)} ${row.ratio.reference}${
        row.ratio.low !== undefined && row.ratio.high !== undefined
          ? ` (${row.ratio.over ?? "range"} ${times(row.ratio.low)}–${times(row.ratio.high)})`
          : ""
      }`
    : "";
  return [
    row.measured,
    v ? `${number(v.median, d)} ${row.unit}` : (row.note ?? "skipped"),
    v ? `${number(v.p25, d)}–${number(v.p75, d)}` : "",
    v ? String(v.n) : "",
    ratio,
    row.goal ? `${row.goal.text}: ${row.goal.met ? "met" : "MISSED"}` : "",
    v ? (row.note ?? "") : "",
  ];
}

const HEADER = ["Measured", "Median", "Spread (p25–p75)", "n", "Ratio to reference (range)", "Goal", "Note"];

/** One Markdown table of every section, padded so it also reads well in a terminal. */
export function renderTable(sections: readonly Section[]): string {
  const lines: string[][] = [HEADER];
  for (const section of sections) {
    lines.push([`**${section.title}**`, "", "", "", "", "", ""]);
    for (const row of section.rows) lines.push(cells(row));
  }
  const widths = HEADER.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  const format = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  const [head, ...body] = lines;
  return [format(head ?? HEADER), rule, ...body.map(format)].join("\n");
}
