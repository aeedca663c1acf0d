/** The most of a response body the client reads; `true` is 4 bytes, error pages a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A body as read: its text (at most {@link MAX_BODY_BYTES}), and whether there was more. */
export interface Body {
  text: string;
  truncated: boolean;
}

/** Reads at most {@link MAX_BODY_BYTES} of a body as UTF-8 text; leaving the loop early cancels the rest. */
export async function readCappedBody(response: Response): Promise<Body> {
  // Decoded as it arrives: a Blob's text() decodes alike (UTF-8, BOM dropped, U+FFFD for bad bytes)
  // but makes the whole read about three times as costly.
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for await (const chunk of response.body ?? []) {
    text += decoder.decode(chunk.subarray(0, MAX_BODY_BYTES - size), { stream: true });
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) break;
  }
  return { text: text + decoder.decode(), truncated: size > MAX_BODY_BYTES };
}
