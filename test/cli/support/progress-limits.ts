/** What one `progress:` line of a bulk run (stderr not a terminal) says of the run and its pacing. */
export interface ProgressLimit {
  /** Rows finished when the line was written. */
  done: number;
  total: number;
  /** The in-flight limit then (`limit 9/32` gives 9). */
  limit: number;
  /** The cap (`--concurrency`). */
  max: number;
  /** Whatever the line says after the limit, up to the ETA (e.g. why the pace is what it is). */
  why: string;
}

const LINE = /^progress: (\d+)\/(\d+) rows .*?, limit (\d+)\/(\d+)(.*?), ETA \S+$/gm;

/** The limits a bulk run's progress lines showed, in order: how its pace changed, as the user saw it. */
export function progressLimits(stderr: string): ProgressLimit[] {
  return [...stderr.matchAll(LINE)].map(([, done, total, limit, max, why]) => ({
    done: Number(done),
    total: Number(total),
    limit: Number(limit),
    max: Number(max),
    why: (why ?? "").replace(/^, /, ""),
  }));
}
