import type { ValidationIssue } from "../../index.js";
import type { Flags } from "../args.js";
import { clientOptionsFrom, createClientFromFlags } from "../client-config.js";
import { CliUsageError, InterruptedError } from "../errors.js";
import { ExitCode, type ExitCodeValue, isUnavailable } from "../exit-codes.js";
import { singleUpdateFlagsGiven } from "../flags-to-params.js";
import { createRedactor } from "../redact.js";
import type { RunContext } from "../run-context.js";
import { inputStamp, reportPaths } from "./bulk-files.js";
import { type BulkSummary, formatSummary } from "./bulk-summary.js";
import { inputFormatFor } from "./input-format.js";
import { readRows } from "./input-rows.js";
import { createProgress } from "./progress.js";
import { ReportWriter } from "./report-writer.js";
import { loadResumeIndex, type ResumeIndex } from "./resume-index.js";
import { sendRows } from "./send-rows.js";
import { validateRows } from "./validate-rows.js";

function issueText(line: number, issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `line ${line}: ${issue.field}: ${issue.message}`).join("\n");
}

/** `trackfinity set-customer-details --from FILE`: validate every row, then send them with bounded concurrency. */
export async function runBulk(flags: Flags, context: RunContext): Promise<ExitCodeValue> {
  const { output } = context;
  const file = flags.string("from") ?? "";
  const conflicting = singleUpdateFlagsGiven(flags);
  if (conflicting.length) {
    throw new CliUsageError(`--from reads every field from the file; drop ${conflicting.join(", ")}.`);
  }
  if (file === "-") {
    throw new CliUsageError(
      "--from - (standard input) is not supported: the file is read twice, to check every row before sending any. Save it to a file first.",
    );
  }
  const format = inputFormatFor(file, flags.string("format"));
  const removeToken = flags.string("remove-token");
  if (removeToken === "")
    throw new CliUsageError("--remove-token must not be empty: an empty cell leaves a field as it is.");
  const concurrency = flags.integer("concurrency", 1, 64, 4) ?? 4;
  const dryRun = flags.boolean("dry-run");
  const client = createClientFromFlags(clientOptionsFrom(flags, context.logger));
  const report = await reportPaths(flags);
  const before = await inputStamp(file);
  const resume: ResumeIndex | undefined = report.resume ? await loadResumeIndex(report.resume) : undefined;

  const checked = await validateRows(
    readRows(file, format),
    removeToken,
    resume,
    (line, issues) => {
      if (output.json) output.data({ type: "invalid-row", line, issues });
      else output.err(issueText(line, issues));
    },
    context.signal,
  ).catch((error: unknown) => {
    throw context.signal.aborted ? context.signal.reason : error;
  });

  const summary: BulkSummary = {
    file,
    rows: checked.rows,
    invalid: checked.invalid,
    skipped: checked.alreadyOk,
    succeeded: 0,
    failed: 0,
    toSend: checked.toSend,
    notSent: checked.toSend,
    errors: {},
    report: report.path,
    dryRun,
    interrupted: false,
    stoppedEarly: false,
  };
  const finish = (code: ExitCodeValue): ExitCodeValue => {
    if (output.json) output.data({ type: "summary", ok: code === ExitCode.Ok, exitCode: code, ...summary });
    else output.out(formatSummary(summary));
    return code;
  };
  if (checked.invalid) return finish(ExitCode.Usage);
  if (dryRun) return finish(ExitCode.Ok);
  if ((await inputStamp(file)) !== before) {
    throw new CliUsageError(
      `--from ${file} changed while it was being checked; run again once it is complete.`,
    );
  }

  const writer = report.path ? ReportWriter.open(report.path) : undefined;
  const progress = createProgress(output, checked.toSend);
  let unavailable = false;
  const onStop = () =>
    progress.log(
      "Stopping: no new rows are sent; waiting for the rows in flight. Press Ctrl-C again to abandon them.",
    );
  context.signal.addEventListener("abort", onStop, { once: true });
  let result: Awaited<ReturnType<typeof sendRows>>;
  try {
    result = await sendRows({
      rows: readRows(file, format),
      client,
      concurrency,
      removeToken,
      resume,
      stop: context.signal,
      abort: context.hardSignal,
      onResult(entry, { password, error }) {
        const redact = password ? createRedactor([...context.secrets, password]) : output.redact.bind(output);
        const line = { ...entry, ...(entry.message ? { message: redact(entry.message) } : {}) };
        writer?.write(line);
        if (output.json && !writer) output.data({ type: "row", ...line });
        if (line.ok) summary.succeeded++;
        else {
          summary.failed++;
          if (isUnavailable(error)) unavailable = true;
          const name = String(line.error);
          summary.errors[name] = (summary.errors[name] ?? 0) + 1;
          if (!output.json) progress.log(output.redact(`line ${line.line}: ${line.message ?? name}`));
        }
        summary.notSent--;
        progress.tick(!line.ok);
      },
    });
  } finally {
    progress.stop();
    writer?.close();
    context.signal.removeEventListener("abort", onStop);
  }
  summary.interrupted = context.signal.aborted;
  summary.stoppedEarly = result.stoppedBy !== undefined;
  if (result.stoppedBy) {
    output.err(
      `Stopped early: every further row would fail the same way.\n${output.redact(result.stoppedBy.message)}`,
    );
  }
  if (summary.interrupted) {
    const reason = context.signal.reason;
    return finish(
      reason instanceof InterruptedError && reason.signal === "SIGTERM"
        ? ExitCode.Terminated
        : ExitCode.Interrupted,
    );
  }
  if (summary.failed === 0) return finish(ExitCode.Ok);
  return finish(unavailable ? ExitCode.Unavailable : ExitCode.Rejected);
}
