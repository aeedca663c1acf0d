import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium: the tests use it as installed and never download a browser. */
export const CHROMIUM = "/usr/bin/chromium";

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

/** Launches Debian's Chromium; fails with the install command when it is missing. */
export async function launchChromium(): Promise<DocsBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}; the docs browser tests need it. Install it with: apt-get install -y chromium`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "trackfinity-docs-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
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
