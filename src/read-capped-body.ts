/** The most of a response body the client reads; `true` is 4 bytes, error pages a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads at most {@link MAX_BODY_BYTES} of a body as UTF-8 text and cancels the rest. */
export async function readCappedBody(response: Response): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    const room = MAX_BODY_BYTES - bytes;
    bytes += value.byteLength;
    if (value.byteLength > room) {
      text += decoder.decode(value.subarray(0, room));
      await reader.cancel().catch(() => {});
      return { text, truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}
