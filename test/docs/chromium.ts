import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createBrotliDecompress } from "node:zlib";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The dev dependency that ships a headless Chromium for Linux x64 inside its registry tarball. */
const PACKAGE = join(root, "node_modules/@sparticuz/chromium");
/** Where it is unpacked: inside node_modules, so `npm ci` starts it afresh with the package. */
export const CHROMIUM_CACHE = join(root, "node_modules/.cache/trackfinity-chromium");

/**
 * The Chromium binary of `@sparticuz/chromium`, unpacked from its `bin/chromium.br` on first use.
 *
 * A detour around the package's own `executablePath()`: it unpacks to a fixed `/tmp/chromium` and
 * returns that path as soon as the file exists, so a test file starting while another one unpacks
 * (or after a run killed mid-unpack) would launch a truncated binary; it also unpacks WebGL
 * libraries loose into /tmp, which the docs tests don't use. Here each version unpacks into its own
 * folder under `cache`, into a temporary file renamed into place once complete: `chromium` exists
 * only whole, and concurrent callers each finish and rename a whole copy. The temporary files of
 * processes that died mid-unpack are deleted.
 */
export async function chromiumExecutable(cache = CHROMIUM_CACHE): Promise<string> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `The docs browser tests run the Linux x64 Chromium of @sparticuz/chromium; this is ${process.platform} ${process.arch}.`,
    );
  }
  const archive = join(PACKAGE, "bin/chromium.br");
  if (!existsSync(archive)) {
    throw new Error(`${archive} is missing; the docs browser tests need it. Run: npm ci`);
  }
  const { version } = JSON.parse(await readFile(join(PACKAGE, "package.json"), "utf8")) as {
    version: string;
  };
  const folder = join(cache, version);
  const executable = join(folder, "chromium");
  if (existsSync(executable)) return executable;
  await mkdir(folder, { recursive: true });
  for (const name of await readdir(folder)) {
    const pid = /^chromium\.(\d+)\.\w+\.partial$/.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) await rm(join(folder, name), { force: true });
  }
  const partial = `${executable}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  try {
    await pipeline(
      createReadStream(archive),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    await rename(partial, executable);
  } finally {
    await rm(partial, { force: true });
  }
  return executable;
}

/** Whether a process with this id exists (signal 0 only checks; EPERM means it exists). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A headless Chromium with a fresh profile; `close` also deletes the profile. */
export interface DocsBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches the headless Chromium of `@sparticuz/chromium` (see `chromiumExecutable`). */
export async function launchChromium(): Promise<DocsBrowser> {
  const executablePath = await chromiumExecutable();
  const profile = await mkdtemp(join(tmpdir(), "trackfinity-docs-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** What a page asked for and complained about while it was watched. */
export interface PageTraffic {
  /** Every URL the page requested, in order (documents, scripts, images, fetches, workers…). */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/** Starts recording a page's requests and errors; read the returned object at any time. */
export function recordTraffic(page: Page): PageTraffic {
  const traffic: PageTraffic = { requests: [], errors: [] };
  page.on("request", (request) => traffic.requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") traffic.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => traffic.errors.push(`uncaught: ${error.message}`));
  return traffic;
}

/** The requests that left `origin`; `data:` URLs never reach a network and `blob:` ones keep their origin. */
export function requestsOutside(traffic: PageTraffic, origin: string): string[] {
  return traffic.requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin);
}
