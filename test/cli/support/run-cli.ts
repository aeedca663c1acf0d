import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The built binary the package's `bin` points at. */
export const BIN = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
/** An API key that must never show up in anything the CLI prints or writes. */
export const SENTINEL_KEY = "sentinel-KEY-9f3a1c7e-do-not-print";
export const USERNAME = "tf_admin";

/** What one run of the binary produced. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for a run: nothing inherited but PATH, plus the given TRACKFINITY_* values. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** The usual environment: base URL, the sentinel key and a user name. */
export function apiEnv(
  baseUrl: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  return cliEnv({
    TRACKFINITY_BASE_URL: baseUrl,
    TRACKFINITY_API_KEY: SENTINEL_KEY,
    TRACKFINITY_API_USERNAME: USERNAME,
    ...extra,
  });
}

/** Starts the binary; the caller reads and signals the child. */
export function startCli(args: readonly string[], env: Record<string, string>, cwd?: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
}

/** Collects a started child's output until it exits, and checks the sentinel key is not in it. */
export async function finish(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  expect(stdout).not.toContain(SENTINEL_KEY);
  expect(stderr).not.toContain(SENTINEL_KEY);
  return { code, signal, stdout, stderr };
}

/** Runs the binary to completion with optional standard input. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const child = startCli(args, env, options.cwd);
  const result = finish(child);
  child.stdin?.end(options.input ?? "");
  return result;
}
