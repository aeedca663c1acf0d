import { OPERATIONS } from "../../generated/operation-data.js";
import { createRedactor, type ParamsOperationId } from "../../index.js";
import type { Flags } from "../args.js";
import { errorText } from "../error-text.js";
import {
  CliUsageError,
  exitCodeFor,
  exitCodeForStop,
  InterruptedError,
  ResultsNotWrittenError,
} from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import type { InputIssue } from "../issue-text.js";
import type { Output } from "../output.js";
import { singleCallFlagsGiven } from "../params.js";
import { clientOptionsFrom, createClientFromFlags, type RunContext } from "../settings.js";
import { inputEncodingFor } from "./decode-input.js";
import { inputFormatFor, readRows } from "./input-rows.js";
import { type BulkSummary, createProgress, formatSummary } from "./progress.js";
import { loadResumeIndex, type ResumeIndex } from "./report.js";
import { inputStamp, reportPaths } from "./report-paths.js";
import { ReportWriter, systemReason } from "./report-writer.js";
import { sendRows } from "./send-rows.js";
import { validateRows } from "./validate-rows.js";

function issueText(line: number, issues: readonly InputIssue[]): string {
  return issues.map((issue) => `line ${line}: ${issue.field}: ${issue.message}`).join("\n");
}

/** Aborts once stdout fails while it is where the results go (`--json` without `--report`). */
function whenResultsUndeliverable(output: Output): AbortSignal {
  const undeliverable = new AbortController();
  const fail = () =>
    undeliverable.abort(
      new ResultsNotWrittenError(
        `standard output closed (${systemReason(output.stdoutFailed.reason)}), and with --json and no --report the results have nowhere else to go`,
      ),
    );
  if (output.stdoutFailed.aborted) fail();
  else output.stdoutFailed.addEventListener("abort", fail, { once: true });
  return undeliverable.signal;
}

/** What a run says when it stops taking rows, by what stopped it. */
function stoppingLine(reason: unknown): string {
  if (reason instanceof ResultsNotWrittenError) {
    return "Stopping: the results can't be written (see below); no new rows are sent; waiting for the rows in flight.";
  }
  return "Stopping: no new rows are sent; waiting for the rows in flight. Press Ctrl-C again to abandon them.";
}

/** `trackfinity <command> --from FILE`: validate every row, then send them with bounded concurrency. */
export async function runBulk(
  id: ParamsOperationId,
  flags: Flags,
  context: RunContext,
): Promise<ExitCodeValue> {
  const { output } = context;
  const op = OPERATIONS[id];
  const file = flags.string("from") ?? "";
  const conflicting = singleCallFlagsGiven(id, flags);
  if (conflicting.length) {
    throw new CliUsageError(`--from reads every field from the file; drop ${conflicting.join(", ")}.`);
  }
  if (file === "-") {
    throw new CliUsageError(
      "--from - (standard input) is not supported: the file is read twice, to check every row before sending any. Save it to a file first.",
    );
  }
  const format = inputFormatFor(file, flags.string("format"));
  const encoding = inputEncodingFor(flags.string("encoding"));
  const fields = [...op.lookup, ...op.required, ...op.details];
  const removeToken = flags.string("remove-token");
  if (removeToken === "")
    throw new CliUsageError("--remove-token must not be empty: an empty cell leaves a field as it is.");
  const dryRun = flags.boolean("dry-run");
  const options = clientOptionsFrom(flags, context.logger, true);
  const client = createClientFromFlags(options);
  const report = await reportPaths(flags);
  const before = await inputStamp(file);
  const resume: ResumeIndex | undefined = report.resume
    ? await loadResumeIndex(report.resume, op.lookup)
    : undefined;

  const checked = await validateRows(id, readRows(file, format, fields, encoding), {
    removeToken,
    resume,
    countRepeats: dryRun,
    onInvalid(line, issues) {
      if (output.json) output.data({ type: "invalid-row", line, issues });
      else output.err(issueText(line, issues));
    },
    signal: context.signal,
  }).catch((error: unknown) => {
    if (!context.signal.aborted) throw error;
    const { reason } = context.signal;
    throw reason instanceof InterruptedError ? new InterruptedError(reason.signal, "", file) : reason;
  });

  const summary: BulkSummary = {
    file,
    rows: checked.rows,
    invalid: checked.invalid,
    fileProblem: checked.fileProblem,
    skipped: checked.alreadyOk,
    succeeded: 0,
    failed: 0,
    toSend: checked.toSend,
    repeats: checked.repeats,
    notSent: checked.toSend,
    notInReport: 0,
    errors: {},
    report: report.path,
    dryRun,
    interrupted: false,
    stoppedEarly: false,
    notWritten: undefined,
  };
  const finish = (code: ExitCodeValue): ExitCodeValue => {
    if (output.json) output.data({ type: "summary", ok: code === ExitCode.Ok, exitCode: code, ...summary });
    else output.out(formatSummary(summary));
    return code;
  };
  if (checked.fileProblem) {
    if (!output.json) output.err(checked.fileProblem);
    return finish(ExitCode.Usage);
  }
  if (checked.invalid) return finish(ExitCode.Usage);
  if (dryRun) return finish(ExitCode.Ok);
  if ((await inputStamp(file)) !== before) {
    throw new CliUsageError(
      `--from ${file} changed while it was being checked; run again once it is complete.`,
    );
  }

  const writer = report.path ? ReportWriter.open(report.path) : undefined;
  // Summary and messages must not land between the report's lines.
  if (writer?.isStdout) output.giveStdoutToReport();
  // Sending stops, as on Ctrl-C, once results can't be written where they go.
  const stopWhen = [context.signal];
  if (writer) stopWhen.push(writer.failed);
  else if (output.json) stopWhen.push(whenResultsUndeliverable(output));
  const stop = AbortSignal.any(stopWhen);
  const progress = createProgress(output, checked.toSend, () => client.limiter);
  let worst: ExitCodeValue = ExitCode.Ok;
  const onStop = () => progress.log(stoppingLine(stop.reason));
  stop.addEventListener("abort", onStop, { once: true });
  let result: Awaited<ReturnType<typeof sendRows>>;
  try {
    result = await sendRows({
      operation: id,
      rows: readRows(file, format, fields, encoding),
      client,
      concurrency: options.maxConcurrency ?? 1,
      removeToken,
      resume,
      stop,
      abort: context.hardSignal,
      onResult(entry, { secrets, error }) {
        // The row's own secrets (its password) join the key in what is written about it.
        const redact = secrets.length
          ? createRedactor([...output.secrets, ...secrets])
          : output.redact.bind(output);
        const line = { ...entry, ...(entry.message === undefined ? {} : { message: redact(entry.message) }) };
        writer?.write(line);
        if (output.json && !writer) output.data({ type: "row", ...line });
        if (line.ok) summary.succeeded++;
        else {
          summary.failed++;
          // Unavailable (4) outranks rejected (3): those rows may pass later, so say so.
          const code = error === undefined ? ExitCode.Rejected : exitCodeFor(error);
          if (code === ExitCode.Unavailable || worst === ExitCode.Ok) worst = code;
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
    stop.removeEventListener("abort", onStop);
  }
  summary.interrupted = context.signal.aborted;
  summary.stoppedEarly = result.stoppedBy !== undefined;
  summary.notInReport = writer?.missing ?? 0;
  const notWritten = [writer?.failed.reason, stop.reason].find((r) => r instanceof ResultsNotWrittenError);
  if (result.stoppedBy) {
    output.err(
      `Stopped early: every further row would fail the same way.\n${output.redact(errorText(result.stoppedBy))}`,
    );
  }
  if (notWritten) {
    summary.notWritten = notWritten.message;
    output.err(`trackfinity: ${notWritten.message}; sending stopped there.`);
    return finish(ExitCode.NotWritten);
  }
  if (summary.interrupted) {
    return finish(exitCodeForStop(context.signal.reason));
  }
  return finish(worst);
}
