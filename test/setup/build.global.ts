import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = fileURLToPath(new URL("../../", import.meta.url));
const buildScript = fileURLToPath(new URL("../../scripts/build.mjs", import.meta.url));

/** Builds dist/ once per run, so tests that spawn the real `trackfinity` binary run the current source. */
export default async function setup() {
  try {
    await promisify(execFile)(process.execPath, [buildScript], { cwd: root });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`build.global: \`npm run build\` failed; fix it before testing:\n${stdout}${stderr}`);
  }
}
