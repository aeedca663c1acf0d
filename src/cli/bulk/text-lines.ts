/** A line of text with its number, or the number of a line longer than the cap, whose text was dropped. */
export type TextLine =
  | { line: number; text: string; tooLong?: undefined }
  | { line: number; text?: undefined; tooLong: true };

/**
 * Splits text into lines (a `\r` before the `\n` dropped). A line longer than `maxBytes` (in UTF-8)
 * is dropped piece by piece as it comes, so memory never holds it whole.
 */
export async function* linesOf(chunks: AsyncIterable<string>, maxBytes: number): AsyncGenerator<TextLine> {
  let line = 1;
  let parts: string[] = [];
  let bytes = 0;
  let tooLong = false;
  const take = (): TextLine => {
    const taken: TextLine = tooLong ? { line, tooLong } : { line, text: parts.join("").replace(/\r$/, "") };
    [line, parts, bytes, tooLong] = [line + 1, [], 0, false];
    return taken;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf("\n", start);
      const piece = chunk.slice(start, end === -1 ? chunk.length : end);
      bytes += Buffer.byteLength(piece);
      tooLong ||= bytes > maxBytes;
      if (tooLong) parts = [];
      else parts.push(piece);
      if (end === -1) break;
      yield take();
      start = end + 1;
    }
  }
  if (bytes > 0) yield take();
}
