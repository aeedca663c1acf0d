/**
 * A wait that one of `signals` can cut short: the promise settles as `start` decides, or rejects
 * with the reason of the first signal to abort (at once if one already has), after calling what
 * `start` returned to undo the wait (clear a timer, leave a queue).
 */
export function abortable<T>(
  signals: ReadonlyArray<AbortSignal | undefined>,
  start: (resolve: (value: T) => void, reject: (reason: unknown) => void) => () => void,
): Promise<T> {
  let onAbort: () => void;
  return new Promise<T>((resolve, reject) => {
    const fired = signals.find((signal) => signal?.aborted);
    if (fired) return reject(fired.reason);
    const undo = start(resolve, reject);
    onAbort = () => {
      undo();
      reject(signals.find((signal) => signal?.aborted)?.reason);
    };
    for (const signal of signals) signal?.addEventListener("abort", onAbort, { once: true });
  }).finally(() => {
    for (const signal of signals) signal?.removeEventListener("abort", onAbort);
  });
}
