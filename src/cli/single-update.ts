import type { Flags } from "./args.js";
import { checkParams } from "./check-params.js";
import { clientOptionsFrom, createClientFromFlags } from "./client-config.js";
import { captureRequest, formatRequest, maskRequest } from "./dry-run.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { paramsFromFlags } from "./flags-to-params.js";
import type { CliIo } from "./output.js";
import { readPasswordFromStdin } from "./password-stdin.js";
import { createRedactor } from "./redact.js";
import type { RunContext } from "./run-context.js";

/** `trackfinity set-customer-details` with field flags: one update, or its dry run. */
export async function runSingleUpdate(flags: Flags, io: CliIo, context: RunContext): Promise<ExitCodeValue> {
  const { output } = context;
  const password = flags.boolean("password-stdin")
    ? await readPasswordFromStdin(io.stdin, context.signal)
    : undefined;
  const raw = paramsFromFlags(flags, password);
  const secretPassword = typeof raw.password === "string" ? raw.password : undefined;
  output.setRedactor(createRedactor([...context.secrets, secretPassword]));

  const options = clientOptionsFrom(flags, context.logger);
  const client = createClientFromFlags(options);
  const { params, lookup } = checkParams(raw, { kind: "flags" });

  if (flags.boolean("dry-run")) {
    const request = maskRequest(await captureRequest(options, params));
    if (output.json)
      output.data({ ok: true, dryRun: true, ...request, headers: Object.fromEntries(request.headers) });
    else output.out(`Dry run: nothing was sent. The request would be:\n\n${formatRequest(request)}`);
    return ExitCode.Ok;
  }

  await client.setCustomerDetails(params, { signal: context.signal });
  if (output.json) output.data({ ok: true, [lookup.field]: lookup.id });
  else output.out(`Updated the customer with ${lookup.field} ${lookup.id}.`);
  return ExitCode.Ok;
}
