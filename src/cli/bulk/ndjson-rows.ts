import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { RowEvent } from "./input-rows.js";

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** Streams an NDJSON file: one JSON object per line; blank lines are skipped. */
export async function* readNdjsonRows(path: string): AsyncGenerator<RowEvent> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { line, problem: `not valid JSON (${error instanceof Error ? error.message : "?"})` };
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        yield {
          line,
          problem: `expected a JSON object like {"customer_id": "191", "firstname": "Test"}, got ${kindOf(value)}`,
        };
        continue;
      }
      yield { line, record: value as Record<string, unknown> };
    }
  } finally {
    lines.close();
  }
}
