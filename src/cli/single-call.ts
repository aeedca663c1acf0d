import { type OperationId, SECRET_FIELDS } from "../generated/operation-data.js";
import { OPERATION_DOCS } from "../generated/operation-docs.js";
import { createTrackfinityClient, type TrackfinityClientOptions } from "../index.js";
import type { Flags } from "./args.js";
import { type CommandSpec, takesParams, takesRows } from "./commands.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import type { CliIo, Output } from "./output.js";
import { checkParams, type Lookup, paramsFromFlags } from "./params.js";
import { readSecretsFromStdin } from "./secret-stdin.js";
import { callOperation, clientOptionsFrom, createClientFromFlags, type RunContext } from "./settings.js";

/** The request the client would send, as captured from its own `fetch` call. */
interface CapturedRequest {
  method: string;
  url: string;
  /** Header name and value pairs, names lower-case, sorted. */
  headers: Array<[string, string]>;
  /** The urlencoded body. */
  body: string;
}

const MASK = "********";

/** What the capturing fetch throws once it has the request: the dry run needs no answer. */
const CAPTURED = new Error("captured for the dry run");

/**
 * Runs the real client with a `fetch` that records the request and sends nothing, so a dry run
 * shows exactly what a real run would send (same validation, URL, headers, body). The API key and
 * the operation's secret fields are masked.
 */
async function captureRequest(
  options: TrackfinityClientOptions,
  id: OperationId,
  params: unknown,
): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const client = createTrackfinityClient({
    ...options,
    maxRetries: 0,
    fetch: async (request) => {
      const body = new URLSearchParams(await request.text());
      for (const field of SECRET_FIELDS[id]) if (body.has(field)) body.set(field, MASK);
      captured = {
        method: request.method,
        url: request.url,
        headers: [...request.headers]
          .map(([name, value]): [string, string] => [name, name === "api-key" ? "[redacted]" : value])
          .sort(([a], [b]) => a.localeCompare(b)),
        body: body.toString(),
      };
      throw CAPTURED;
    },
  });
  try {
    await callOperation(client, id, params, {});
  } catch (error) {
    if ((error as Error | undefined)?.cause !== CAPTURED) throw error;
  }
  if (!captured) throw new Error("the client sent no request to capture");
  return captured;
}

/** The request as an HTTP message: request line, headers, blank line, body. */
function formatRequest(request: CapturedRequest): string {
  return [
    `${request.method} ${request.url}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    "",
    request.body,
  ].join("\n");
}

/** One call from flags (`trackfinity lock-customer --customer-id 191`), or its dry run. */
export async function runSingleCall(
  command: CommandSpec & { operation: OperationId },
  flags: Flags,
  io: CliIo,
  context: RunContext,
): Promise<ExitCodeValue> {
  const { output } = context;
  const id = command.operation;
  let raw: Record<string, unknown> = {};
  if (takesParams(id)) {
    raw = paramsFromFlags(id, flags, await readSecretsFromStdin(id, flags, io.stdin, context.signal));
    output.addSecrets(SECRET_FIELDS[id].map((field) => raw[field] as string | undefined));
  }
  const options = clientOptionsFrom(flags, context.logger);
  const client = createClientFromFlags(options);
  let params: unknown;
  let lookup: Lookup | undefined;
  if (takesParams(id)) ({ params, lookup } = checkParams(id, raw, { kind: "flags", operation: id }));
  // A read names no record it changed: it answers.
  if (!takesRows(id)) lookup = undefined;

  if (flags.boolean("dry-run")) {
    const request = await captureRequest(options, id, params);
    if (output.json)
      output.data({ ok: true, dryRun: true, ...request, headers: Object.fromEntries(request.headers) });
    else output.out(`Dry run: nothing was sent. The request would be:\n\n${formatRequest(request)}`);
    return ExitCode.Ok;
  }

  const answer = await callOperation(client, id, params, { signal: context.signal });
  printAnswer(output, OPERATION_DOCS[id].summary, lookup, answer);
  return ExitCode.Ok;
}

/** What Trackfinity said beyond "done": its message, or an answer of another kind; nothing for `true`. */
function saidOf(answer: unknown): string {
  if (answer === true || answer === undefined) return "";
  return typeof answer === "string" ? ` Trackfinity says: ${answer}` : ` Answer: ${JSON.stringify(answer)}`;
}

/** The outcome of one call: done for the record it names, with what Trackfinity said; or its answer. */
function printAnswer(output: Output, summary: string, lookup: Lookup | undefined, answer: unknown): void {
  if (!lookup) {
    if (output.json) output.data({ ok: true, answer });
    else output.out(`${summary}: answered ${JSON.stringify(answer)}.`);
    return;
  }
  const said = answer === true || answer === undefined ? {} : { answer };
  if (output.json) output.data({ ok: true, [lookup.field]: lookup.id, ...said });
  else output.out(`${summary}: done for ${lookup.field} ${lookup.id}.${saidOf(answer)}`);
}
