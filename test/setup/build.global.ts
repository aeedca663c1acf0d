import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/.bin/tsc", import.meta.url));

/** Builds dist/ once per run, so tests that spawn the real `trackfinity` binary run the current source. */
export default async function setup() {
  try {
    await promisify(execFile)(tsc, ["-p", "tsconfig.build.json"], { cwd: root });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `build.global: \`tsc -p tsconfig.build.json\` failed; fix it before testing:\n${stdout}${stderr}`,
    );
  }
}
