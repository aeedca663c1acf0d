/** Median and spread of a set of measurements: what every row of the table reports. */
export interface Summary {
  median: number;
  /** 25th and 75th percentiles: the spread reported beside each median. */
  p25: number;
  p75: number;
  /** How many measurements the summary is made of. */
  n: number;
}

/** Linear-interpolated quantile of already sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (at - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

export function median(values: readonly number[]): number {
  return summarize(values).median;
}
