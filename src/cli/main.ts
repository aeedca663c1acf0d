#!/usr/bin/env node
import { InterruptedError } from "./errors.js";
import { runCli } from "./run.js";
import { whenWritesFail } from "./write-failures.js";

const stop = new AbortController();
const abort = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (!stop.signal.aborted) stop.abort(new InterruptedError(signal));
  else abort.abort(new InterruptedError(signal, "abandoning the requests in flight"));
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// A closed pipe (`trackfinity … | head`) or a full device is not an error of ours: what can't be
// written is dropped, and a bulk run decides whether it can go on without it.
const io = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdoutFailed: whenWritesFail(process.stdout),
  stderrFailed: whenWritesFail(process.stderr),
};

process.exitCode = await runCli(process.argv.slice(2), io, { stop: stop.signal, abort: abort.signal });
