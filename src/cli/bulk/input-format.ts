import { extname } from "node:path";
import { CliUsageError } from "../errors.js";

/** The formats `--from` reads. */
export type InputFormat = "csv" | "ndjson";

const BY_EXTENSION: Record<string, InputFormat> = { ".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson" };

/** The input format: `--format` if given, else from the file's extension. */
export function inputFormatFor(path: string, flag: string | undefined): InputFormat {
  if (flag !== undefined) {
    if (flag === "csv" || flag === "ndjson") return flag;
    throw new CliUsageError(`--format must be csv or ndjson, got "${flag}".`);
  }
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (format) return format;
  throw new CliUsageError(
    `Cannot tell the format of ${path} from its extension; pass --format csv or --format ndjson.`,
  );
}
