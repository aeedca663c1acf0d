import { createReadStream } from "node:fs";
import { CliUsageError } from "../errors.js";

/** The encodings `--encoding` reads: UTF-8, and the one spreadsheets export as "Latin-1" or "ANSI". */
export type InputEncoding = "utf8" | "windows-1252";

/** The names `--encoding` takes. latin1 is read as windows-1252, as browsers read it: the same letters, and quotes, dashes and € where latin1 has control codes. */
const ENCODING_NAMES: Readonly<Record<string, InputEncoding>> = {
  utf8: "utf8",
  "utf-8": "utf8",
  latin1: "windows-1252",
  "iso-8859-1": "windows-1252",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
};

/** The encoding `--encoding` names; UTF-8 when it is not given. */
export function inputEncodingFor(flag: string | undefined): InputEncoding {
  if (flag === undefined) return "utf8";
  const encoding = ENCODING_NAMES[flag.toLowerCase()];
  if (encoding) return encoding;
  throw new CliUsageError(`--encoding must be utf8, latin1 or windows-1252, got "${flag}".`);
}

/** The input is not text in its encoding; `line` is the first line that is not. */
export class UndecodableInputError extends Error {
  override name = "UndecodableInputError";

  constructor(readonly line: number) {
    super(
      "not valid UTF-8; if the file was saved as Latin-1 or Windows-1252 (as spreadsheets often save CSV), pass --encoding windows-1252",
    );
  }
}

// windows-1252's letters for bytes 0x80-0x9F, where latin1 has control codes; the five bytes it
// leaves undefined keep their control code, as browsers decode them.
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Decodes windows-1252 one byte per character (Node's own TextDecoder reads it as latin1). */
function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString("latin1").replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

const BOMS: ReadonlyArray<[bytes: readonly number[], label: string]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

/** The byte-order mark the input starts with, which says its encoding whatever --encoding says. */
function bomOf(bytes: Buffer): { label: string; length: number } | undefined {
  for (const [bom, label] of BOMS) {
    if (bom.every((byte, i) => bytes[i] === byte)) return { label, length: bom.length };
  }
  return undefined;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/**
 * The bytes a UTF-8 decoder holds back after a chunk (the start of a character the next chunk
 * ends): all it was given, less the bytes of the text it returned.
 */
function heldBack(pending: Buffer, chunk: Buffer, text: string): Buffer {
  const held = pending.length + chunk.length - Buffer.byteLength(text);
  if (held <= chunk.length) return chunk.subarray(chunk.length - held);
  return Buffer.concat([pending, chunk]).subarray(-held);
}

/**
 * The line, counted from the chunk's first, that holds the first byte a UTF-8 decoder refuses:
 * decoding again up to each line break (a byte no multi-byte character contains) finds it.
 * `pending` are the bytes of the previous chunk the decoder held back, a character's start.
 */
function badLineIn(pending: Buffer, chunk: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  decoder.decode(pending, { stream: true });
  let line = 0;
  let start = 0;
  for (;;) {
    const end = chunk.indexOf(0x0a, start);
    try {
      decoder.decode(chunk.subarray(start, end === -1 ? chunk.length : end + 1), { stream: true });
    } catch {
      return line;
    }
    if (end === -1) return line;
    line++;
    start = end + 1;
  }
}

/**
 * Reads a file as text, chunk by chunk: UTF-8 (refused, naming the line, where a byte sequence is
 * not UTF-8) or windows-1252, or the encoding its byte-order mark names (UTF-8, UTF-16). The mark
 * is dropped. Throws {@link UndecodableInputError}.
 */
export async function* readText(path: string, encoding: InputEncoding): AsyncGenerator<string> {
  /** Undefined for windows-1252. */
  let decoder: TextDecoder | undefined;
  /** UTF-8 is checked; UTF-16 is read as it always was, a lone surrogate as U+FFFD. */
  let strict = false;
  let pending: Buffer = Buffer.alloc(0);
  let line = 1;
  let first = true;
  for await (const read of createReadStream(path)) {
    let chunk = read as Buffer;
    if (first) {
      first = false;
      const bom = bomOf(chunk);
      if (bom) chunk = chunk.subarray(bom.length);
      const label = bom?.label ?? (encoding === "utf8" ? "utf-8" : undefined);
      strict = label === "utf-8";
      if (label) decoder = new TextDecoder(label, { fatal: strict, ignoreBOM: true });
    }
    if (!decoder) {
      yield decodeWindows1252(chunk);
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new UndecodableInputError(line + badLineIn(pending, chunk));
    }
    if (strict) pending = heldBack(pending, chunk, text);
    line += countLineBreaks(text);
    yield text;
  }
  try {
    const rest = decoder?.decode() ?? "";
    if (rest) yield rest;
  } catch {
    throw new UndecodableInputError(line);
  }
}
