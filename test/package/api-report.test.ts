import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const REPORT = "etc/trackfinity-client.api.md";

/** Runs scripts/api-report.mjs in `cwd`; resolves with its exit code and output, failing or not. */
async function apiReport(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["scripts/api-report.mjs", ...args],
      {
        cwd,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

let project: string;

/**
 * A copy of what the check reads (its script and config, package.json, the committed report), with
 * API Extractor linked from this repository and `dist` as given, so a test can change any of them.
 */
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), "trackfinity-api-report-"));
  for (const file of ["scripts/api-report.mjs", "api-extractor.json", "package.json", REPORT]) {
    await cp(join(root, file), join(project, file), { recursive: true });
  }
  await mkdir(join(project, "node_modules"));
  await symlink(join(root, "node_modules/@microsoft"), join(project, "node_modules/@microsoft"));
});

afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("the API report check (npm run api:check, in npm test after the build)", () => {
  it("fails when the committed report is stale, showing the change and saying to run npm run api:update", async () => {
    await symlink(join(root, "dist"), join(project, "dist"));
    const committed = await readFile(join(project, REPORT), "utf8");
    await writeFile(
      join(project, REPORT),
      committed.replace("export type ErrorKind = ", 'export type ErrorKind = "gone" | '),
    );

    const { code, stderr } = await apiReport(project);

    expect(code).toBe(1);
    expect(stderr).toContain('-export type ErrorKind = "gone" | "invalid"');
    expect(stderr.trim().split("\n").at(-1)).toBe(
      `api: ${REPORT} is stale: the public API changed (diff above). Run npm run api:update and commit ${REPORT}.`,
    );
    // npm run api:update puts the report of the API back.
    expect((await apiReport(project, "--update")).code).toBe(0);
    expect(await readFile(join(project, REPORT), "utf8")).toBe(committed);
  }, 60_000);

  it("fails on a type that a user meets in a hover but cannot import, naming it", async () => {
    await mkdir(join(project, "dist"));
    await writeFile(join(project, "dist/result.d.ts"), "export interface CallResult {\n  ok: boolean;\n}\n");
    await writeFile(
      join(project, "dist/index.d.ts"),
      'import type { CallResult } from "./result.js";\n/** Calls. */\nexport declare function call(): CallResult;\n',
    );

    const { code, stderr } = await apiReport(project);

    expect(code).toBe(1);
    expect(stderr).toContain('(ae-forgotten-export) The symbol "CallResult" needs to be exported');
    expect(stderr).toContain("export the named type from src/index.ts");
  }, 60_000);
});
