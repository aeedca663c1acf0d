/** The most of a response body the client reads; `true` is 4 bytes, error pages a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads at most {@link MAX_BODY_BYTES} of a body as UTF-8 text; leaving the loop early cancels the rest. */
export async function readCappedBody(response: Response): Promise<{ text: string; truncated: boolean }> {
  const chunks: BlobPart[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    chunks.push(chunk as Uint8Array<ArrayBuffer>);
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) break;
  }
  return { text: await new Blob(chunks).slice(0, MAX_BODY_BYTES).text(), truncated: size > MAX_BODY_BYTES };
}
