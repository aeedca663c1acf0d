/**
 * An install's workers (PHP-FPM's, say): `workers` requests served at a time, each for `serviceMs`;
 * the others wait in one queue, first come first served, and are never refused. A full install
 * answers slower, not with 429.
 */
export interface WorkerPool {
  /** Queues one request; `done(waitedMs)` runs once a worker has served it, with how long it queued. */
  serve(done: (waitedMs: number) => void): void;
}

export function createWorkerPool(workers: number, serviceMs: number): WorkerPool {
  const queue: Array<() => void> = [];
  let busy = 0;
  const startNext = () => {
    while (busy < workers) {
      const next = queue.shift();
      if (!next) return;
      busy++;
      next();
    }
  };
  return {
    serve(done) {
      const queuedAt = performance.now();
      queue.push(() => {
        const waitedMs = performance.now() - queuedAt;
        setTimeout(() => {
          busy--;
          done(waitedMs);
          startNext();
        }, serviceMs);
      });
      startNext();
    },
  };
}
