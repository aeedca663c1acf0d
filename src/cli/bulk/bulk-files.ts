import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Flags } from "../args.js";
import { CliUsageError } from "../errors.js";

async function writable(path: string, flag: string): Promise<void> {
  const target = (await fileSize(path)) === undefined ? dirname(path) : path;
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    throw new CliUsageError(
      `${flag} ${path}: cannot write it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Size and modification time of the input: a change between the two passes means the file is still being written. */
export async function inputStamp(path: string): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new CliUsageError(
      `--from ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
  if (!info.isFile()) throw new CliUsageError(`--from ${path}: not a regular file.`);
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new CliUsageError(
      `--from ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
  return `${info.size}:${info.mtimeMs}`;
}

/** Checks --report, --resume and --dry-run against each other and the disk: which report to write, which to resume. */
export async function reportPaths(
  flags: Flags,
): Promise<{ path: string | undefined; resume: string | undefined }> {
  const report = flags.string("report");
  const resume = flags.string("resume");
  if (flags.boolean("dry-run") && report !== undefined) {
    throw new CliUsageError(
      "--dry-run writes no report; drop --report (--resume is allowed, to count what is left).",
    );
  }
  if (report !== undefined && resume !== undefined && report !== resume) {
    throw new CliUsageError("--resume FILE continues FILE itself; drop --report or give it the same file.");
  }
  if (resume !== undefined) {
    if ((await fileSize(resume)) === undefined) {
      throw new CliUsageError(
        `--resume ${resume}: no such report. To start a new run, use --report ${resume}.`,
      );
    }
    if (flags.boolean("dry-run")) return { path: undefined, resume };
    await writable(resume, "--resume");
    return { path: resume, resume };
  }
  if (report !== undefined && ((await fileSize(report)) ?? 0) > 0) {
    throw new CliUsageError(
      `--report ${report} already exists. Continue that run with --resume ${report}, or choose a new file.`,
    );
  }
  if (report !== undefined) await writable(report, "--report");
  return { path: report, resume: undefined };
}
