/** The part of `node:events` used here (typed locally: the library builds without Node's types). */
interface NodeEvents {
  defaultMaxListeners: number;
  getMaxListeners(target: EventTarget): number;
  setMaxListeners(limit: number, target: EventTarget): void;
}

/** `node:events`, reached through `process` so that browsers never load it. */
const events = (
  globalThis as { process?: { getBuiltinModule?(id: string): unknown } }
).process?.getBuiltinModule?.("node:events") as NodeEvents | undefined;

/**
 * Lets many concurrent calls share one caller's AbortSignal (a shutdown signal, say): each running
 * call listens to it, and past 10 listeners Node warns of a leak. Like undici's fetch, raise the
 * limit to 1500, and only while it is Node's default, so a limit the caller chose is kept.
 * Where there is no `node:events` it does nothing.
 */
export function shareSignal(signal: AbortSignal | undefined): void {
  try {
    if (signal && events?.getMaxListeners(signal) === events?.defaultMaxListeners)
      events?.setMaxListeners(1500, signal);
  } catch {}
}
