import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Build } from "./builds.ts";

export interface Baseline {
  build: Build;
  /** Deletes the temporary folder; safe to call again. */
  remove(): void;
}

const ARCHIVE_MAX_BYTES = 256 * 2 ** 20;

/** The short commit id `ref` names in the repository at `root`. */
function commitOf(root: string, ref: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "--verify", "--quiet", `${ref}^{commit}`], {
      cwd: root,
      encoding: "utf8",
    }).trim();
  } catch {
    throw new Error(
      `--baseline ${ref}: no such commit here; pass a commit id, tag or branch (git log shows them).`,
    );
  }
}

/**
 * Builds `ref`'s dist/ in a temporary folder, to be measured beside this tree's: `ref`'s files from
 * `git archive`, a symlink to this repository's node_modules, then `ref`'s own `npm run build`.
 * The folder goes when `remove()` is called, and in any case when the process exits or is
 * interrupted, so a failed run leaves nothing behind.
 */
export function buildBaseline(root: string, ref: string): Baseline {
  const commit = commitOf(root, ref);
  const dir = mkdtempSync(join(tmpdir(), `trackfinity-bench-${commit}-`));
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal); // the handlers are gone: the signal now ends the process as usual
  };
  const remove = () => {
    process.off("exit", remove).off("SIGINT", onSignal).off("SIGTERM", onSignal);
    rmSync(dir, { recursive: true, force: true }); // unlinks the node_modules symlink, never follows it
  };
  process.once("exit", remove).once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const archive = execFileSync("git", ["archive", "--format=tar", commit], {
      cwd: root,
      maxBuffer: ARCHIVE_MAX_BYTES,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    execFileSync("npm", ["run", "build", "--silent"], { cwd: dir, stdio: ["ignore", 2, 2] });
  } catch (error) {
    remove();
    throw new Error(
      `--baseline ${ref}: building ${commit}'s dist/ failed (${(error as Error).message.split("\n")[0]}); ` +
        "its build runs with this tree's node_modules, so it must build with these dependencies.",
    );
  }
  return { build: { name: `trackfinity-client @${commit}`, dir }, remove };
}
