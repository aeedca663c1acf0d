/**
 * A signal that aborts, with the error as its reason, at the first write to `stream` that fails:
 * the reader went away (EPIPE, from `trackfinity … | head`) or the device refused (ENOSPC). The
 * listener is also what keeps such an error from ending the process: an `error` event that nothing
 * listens to is thrown.
 */
export function whenWritesFail(stream: NodeJS.WritableStream): AbortSignal {
  const failed = new AbortController();
  stream.on("error", (error: unknown) => {
    if (!failed.signal.aborted) failed.abort(error);
  });
  return failed.signal;
}
