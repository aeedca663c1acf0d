import { constants, type Stats } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Flags } from "../args.js";
import { CliUsageError } from "../errors.js";

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

async function checkAccess(path: string, mode: number, flag: string, what: string): Promise<void> {
  try {
    await access(path, mode);
  } catch (error) {
    throw new CliUsageError(
      `${flag} ${path}: cannot ${what} it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
}

/** What a path is, in the words of a message, for the kinds a report can't be. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice()) return "a device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/** Size and modification time of the input: a change between the two passes means the file is still being written. */
export async function inputStamp(path: string): Promise<string> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new CliUsageError(
      `--from ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
  if (!info.isFile()) throw new CliUsageError(`--from ${path}: not a regular file.`);
  await checkAccess(path, constants.R_OK, "--from", "read");
  return `${info.size}:${info.mtimeMs}`;
}

/** A report to continue must be a file an earlier run wrote: read once, then appended to. */
async function checkResumePath(resume: string, dryRun: boolean): Promise<void> {
  const info = await statOf(resume);
  if (info === undefined) {
    throw new CliUsageError(
      `--resume ${resume}: no such report. To start a new run, use --report ${resume}.`,
    );
  }
  if (!info.isFile()) {
    throw new CliUsageError(
      `--resume ${resume}: this is ${kindOf(info)}, not a report; name the file an earlier run wrote with --report.`,
    );
  }
  if (!dryRun) await checkAccess(resume, constants.W_OK, "--resume", "write");
}

/**
 * A new report: a file that does not exist yet or is empty, a device (`/dev/stdout`), or a FIFO
 * (whether a process reads it is checked when it is opened).
 */
async function checkReportPath(report: string): Promise<void> {
  const info = await statOf(report);
  if (info === undefined) {
    await checkAccess(dirname(report), constants.W_OK, "--report", "write");
    return;
  }
  if (info.isDirectory()) {
    throw new CliUsageError(
      `--report ${report}: this is a directory; name a file in it, such as ${report}/report.ndjson.`,
    );
  }
  if (!info.isFile() && !info.isFIFO() && !info.isCharacterDevice()) {
    throw new CliUsageError(`--report ${report}: this is ${kindOf(info)}; name a file.`);
  }
  if (info.isFile() && info.size > 0) {
    throw new CliUsageError(
      `--report ${report} already exists. Continue that run with --resume ${report}, or choose a new file.`,
    );
  }
  await checkAccess(report, constants.W_OK, "--report", "write");
}

/** Checks --report, --resume and --dry-run against each other and the disk: which report to write, which to resume. */
export async function reportPaths(
  flags: Flags,
): Promise<{ path: string | undefined; resume: string | undefined }> {
  const report = flags.string("report");
  const resume = flags.string("resume");
  const dryRun = flags.boolean("dry-run");
  if (dryRun && report !== undefined) {
    throw new CliUsageError(
      "--dry-run writes no report; drop --report (--resume is allowed, to count what is left).",
    );
  }
  if (report !== undefined && resume !== undefined && report !== resume) {
    throw new CliUsageError("--resume FILE continues FILE itself; drop --report or give it the same file.");
  }
  if (resume !== undefined) {
    await checkResumePath(resume, dryRun);
    return { path: dryRun ? undefined : resume, resume };
  }
  if (report !== undefined) await checkReportPath(report);
  return { path: report, resume: undefined };
}
