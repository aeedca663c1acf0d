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
    let undo = () => {};
    onAbort = () => {
      undo();
      reject(signals.find((signal) => signal?.aborted)?.reason);
    };
    if (signals.some((signal) => signal?.aborted)) return onAbort();
    undo = start(resolve, reject);
    // A signal fires once; the listeners go when the wait ends, however it ends.
    for (const signal of signals) signal?.addEventListener("abort", onAbort);
  }).finally(() => {
    for (const signal of signals) signal?.removeEventListener("abort", onAbort);
  });
}
