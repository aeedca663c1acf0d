#!/usr/bin/env node
import { InterruptedError } from "./errors.js";
import { runCli } from "./run.js";

const stop = new AbortController();
const abort = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (!stop.signal.aborted) stop.abort(new InterruptedError(signal));
  else abort.abort(new InterruptedError(signal, "abandoning the requests in flight"));
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// A closed pipe (`trackfinity … | head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await runCli(process.argv.slice(2), process, { stop: stop.signal, abort: abort.signal });
