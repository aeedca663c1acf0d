import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import {
  type DocsBrowser,
  launchChromium,
  type PageTraffic,
  recordTraffic,
  requestsOutside,
} from "./chromium.ts";
import { type StaticServer, serveDirectory } from "./static-server.ts";

const { details: DETAIL_FIELDS, lookup: LOOKUP_FIELDS } = OPERATIONS.setCustomerDetails;

const root = fileURLToPath(new URL("../../", import.meta.url));
const site = `${root}docs/site/`;
const screenshots = `${root}test-results/`;

let server: StaticServer;
let browser: DocsBrowser;

/** The site's pages, in the order of its navigation bar. */
const PAGES = [
  { path: "index.html", link: "API reference" },
  { path: "guide.html", link: "Guide" },
  { path: "cli.html", link: "CLI" },
];

/** Opens a page of the site with its traffic recorded, and waits until `ready` is visible. */
async function open(
  path: string,
  ready: (page: Page) => Locator,
  viewport?: { width: number; height: number },
) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(5_000);
  if (viewport) await page.setViewportSize(viewport);
  const traffic = recordTraffic(page);
  await page.goto(`${server.url}/${path}`, { waitUntil: "networkidle" });
  await ready(page).waitFor();
  return { page, traffic };
}

/** The text a reader sees: hidden tab panels and scripts left out, one line per block. */
function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, where rendered text is the point.
  return locator.innerText();
}

/** The level-1 heading every Markdown page starts with. */
const title = (page: Page) => page.getByRole("heading", { level: 1 });

/** The page itself was recorded (so the recorder works) and nothing left the local server. */
function expectOnlyLocalTraffic(traffic: PageTraffic, page: string) {
  expect(traffic.requests).toContain(`${server.url}/${page}`);
  expect(traffic.requests).toContain(`${server.url}/site.css`);
  expect(requestsOutside(traffic, server.url)).toEqual([]);
  expect(traffic.errors).toEqual([]);
}

beforeAll(async () => {
  try {
    await promisify(execFile)("npm", ["run", "docs"], { cwd: root });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run docs failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  server = await serveDirectory(site);
  browser = await launchChromium();
  await mkdir(screenshots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("every operation of the spec in the API reference", () => {
  const operations = Object.entries(parse(readFileSync(`${root}openapi.yaml`, "utf8")).paths).flatMap(
    ([path, item]) =>
      Object.entries(item as Record<string, { operationId: string; summary: string; tags: string[] }>).map(
        ([method, op]) => ({ method: method.toUpperCase(), path, ...op }),
      ),
  );

  it("lists each operation of the generated data, fifteen in all, each under a tag of the spec", () => {
    expect(operations.map((op) => op.operationId).sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(operations).toHaveLength(15);
  });

  it("groups the operations under the spec's four tags, in its order", async () => {
    const { page } = await open("index.html", (p) => p.locator('img[alt="redocly logo"]'));
    const menu = await visibleText(page.locator(".menu-content"));
    const headings = ["Customers", "Transactions", "Reports", "Service"].map((name) => menu.indexOf(name));
    expect(headings.every((at) => at >= 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    await page.close();
  });

  it.each(operations)("renders $operationId as $method $path, under its summary", async (op) => {
    const anchor = `${op.tags[0]?.toLowerCase()}/${op.operationId.toLowerCase()}`;
    const { page, traffic } = await open(`index.html#/${anchor}`, (p) => p.locator(`[id="${anchor}"]`));
    const section = page.locator(`[id="${anchor}"]`);
    expect(await section.getByRole("heading", { name: op.summary }).count()).toBe(1);
    expect(await visibleText(section)).toMatch(new RegExp(`${op.method}\\s*${op.path}`));
    expect(requestsOutside(traffic, server.url)).toEqual([]);
    expect(traffic.errors).toEqual([]);
    await page.close();
  });
});

describe("the API reference page (docs/site/index.html)", () => {
  let page: Page;
  let traffic: PageTraffic;
  const operation = () => page.locator('[id="customers/setcustomerdetails"]');
  const bodyFieldNames = () => operation().locator(".schema-property-item .schema-name").allInnerTexts();

  beforeAll(async () => {
    // The page arrives prerendered; its tabs and buttons work only once Redoc has hydrated it, which
    // is also when Redoc mounts its attribution logo and scrolls to the linked operation.
    ({ page, traffic } = await open("index.html#/customers/setcustomerdetails", (p) =>
      p.locator('img[alt="redocly logo"]'),
    ));
    await page.screenshot({ path: `${screenshots}docs-reference.png` });
  }, 30_000);

  it("renders the operation Set customer details as PATCH /customer/set_customer_details", async () => {
    expect(await operation().getByRole("heading", { name: "Set customer details" }).count()).toBe(1);
    expect(await visibleText(operation())).toMatch(/PATCH\s*\/customer\/set_customer_details/);
  });

  it("names both security headers, api-key and api-username", async () => {
    const headerNames = page.getByText("Header parameter name:");
    await operation().getByRole("button", { name: "View security details" }).click();
    await headerNames.first().waitFor();
    const text = await visibleText(page.locator("body"));
    expect(text).toMatch(/Header parameter name:\s*api-key\b/);
    expect(text).toMatch(/Header parameter name:\s*api-username\b/);
    await page.keyboard.press("Escape");
    await headerNames.first().waitFor({ state: "hidden" });
  });

  it("lists all 18 body fields: each lookup variant with the 16 detail fields", async () => {
    const byCustomerId = await bodyFieldNames();
    await operation().getByRole("tab", { name: "By subscription id" }).click();
    await operation()
      .locator(".schema-name", { hasText: /^subscription_id$/ })
      .waitFor();
    const bySubscriptionId = await bodyFieldNames();

    expect(byCustomerId).toEqual(["customer_id", ...DETAIL_FIELDS]);
    expect(bySubscriptionId).toEqual(["subscription_id", ...DETAIL_FIELDS]);
    expect(new Set([...byCustomerId, ...bySubscriptionId])).toEqual(
      new Set([...LOOKUP_FIELDS, ...DETAIL_FIELDS]),
    );
  });

  it("explains that REMOVE deletes a field, except password, and why the client guards it", async () => {
    const text = await visibleText(operation());
    expect(text).toContain("Send the literal string REMOVE as a field's value to delete that field");
    expect(text).toContain("except password, which can only be set, never removed");
    expect(text).toContain("refuses the plain string and asks for its REMOVE constant");
  });

  it("shows the 200 response with its example, the JSON value true", async () => {
    expect(await visibleText(operation())).toContain("Done. The body is the JSON value true.");
    const example = operation().locator('[data-component-name="JsonViewer/JsonViewer"]');
    expect((await visibleText(example)).trim()).toBe("true");
  });

  it.each([
    ["400", "An invalid or unsupported request"],
    ["401", "header is missing or wrong"],
    ["404", "a customer that does not exist"],
    ["405", "The endpoint does not allow this HTTP method"],
    ["408", "The server gave up waiting for the request"],
    ["429", "Too many requests at once"],
    ["5XX", "The install failed, or is down for maintenance"],
  ])("documents the %s error response", async (status, description) => {
    const tab = operation().getByRole("tab", { name: status, exact: true });
    const text = operation().getByText(description);
    expect(await text.isVisible()).toBe(false);
    await tab.click();
    expect(await tab.getAttribute("aria-selected")).toBe("true");
    expect(await text.isVisible()).toBe(true);
  });

  it("shows a realistic example for an error answer, not a type placeholder", async () => {
    await operation().getByRole("tab", { name: "401", exact: true }).click();
    const sample = operation().locator(".panel-response-samples");
    await sample.getByText("Unauthorized: invalid api-key").first().waitFor();
    expect(await visibleText(sample)).not.toContain('"string"');
  });

  it("wraps the long urlencoded payload sample inside its panel", async () => {
    const sample = operation().locator(
      '.panel-request-samples [data-component-name="CodeBlock/CodeBlockContainer"]',
    );
    expect(await visibleText(sample)).toBe(
      "customer_id=191&firstname=Test&zip=66666&email=test%40testmail.com&country=US",
    );
    const box = await sample.evaluate((pre) => {
      const text = document.createRange();
      text.selectNodeContents(pre);
      const panel = pre.closest(".panel-request-samples") ?? pre;
      return {
        scrollWidth: pre.scrollWidth,
        clientWidth: pre.clientWidth,
        textRight: Math.max(...[...text.getClientRects()].map((line) => line.right)),
        panelRight: panel.getBoundingClientRect().right,
      };
    });
    expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
    expect(box.textRight).toBeLessThanOrEqual(box.panelRight);
  });

  it("keeps the payload sample's text clear of its copy button", async () => {
    const panel = operation().locator(".panel-request-samples");
    const copyButton = await panel
      .locator('[data-component-name="CodeBlock/CodeBlockControls"]')
      .boundingBox();
    const textRight = await panel
      .locator('[data-component-name="CodeBlock/CodeBlockContainer"]')
      .evaluate((pre) => {
        const text = document.createRange();
        text.selectNodeContents(pre);
        return Math.max(...[...text.getClientRects()].map((line) => line.right));
      });
    expect(copyButton).not.toBeNull();
    expect(textRight).toBeLessThanOrEqual(copyButton?.x ?? 0);
  });

  // Last in this block: it covers the page load and every interaction above.
  it("made no request outside its own 127.0.0.1 server and logged no console error", () => {
    expectOnlyLocalTraffic(traffic, "index.html");
  });
});

describe("the guide page (docs/site/guide.html)", () => {
  it("is reached from the navigation bar of the reference", async () => {
    const { page: reference } = await open("index.html", (p) =>
      p.getByRole("heading", { name: /Trackfinity API/ }),
    );
    await reference
      .getByRole("navigation", { name: "Documentation" })
      .getByRole("link", { name: "Guide" })
      .click();
    await reference.getByRole("heading", { level: 1, name: "trackfinity-client guide" }).waitFor();
    expect(new URL(reference.url()).pathname).toBe("/guide.html");
  });

  it("renders every section of the guide with no outside request and no console error", async () => {
    const { page, traffic } = await open("guide.html", title);
    await page.screenshot({ path: `${screenshots}docs-guide.png` });
    const sections = await page.getByRole("heading", { level: 2 }).allInnerTexts();
    expect(sections).toEqual([
      "Getting started",
      "Naming the customer: the lookup rule",
      "Removing a field: REMOVE and the data-loss guard",
      "Transactions",
      "Reports",
      "Errors, and what to do about each",
      "Timeouts and retries",
      "Throttling, concurrency and patience",
      "Security",
      "Cloudflare Workers",
      "Testing your code against the Prism mock",
      "Regenerating after a spec change",
    ]);
    expectOnlyLocalTraffic(traffic, "guide.html");
  });

  it('links its words "the API reference" to the reference page', async () => {
    const { page } = await open("guide.html", title);
    await page.getByRole("main").getByRole("link", { name: "the API reference", exact: true }).click();
    await page.getByRole("heading", { name: /Trackfinity API/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/index.html");
  });
});

describe("the CLI page (docs/site/cli.html)", () => {
  it("renders docs/cli.md with its title and sections, with no outside request and no console error", async () => {
    const { page, traffic } = await open("cli.html", title);
    await page.screenshot({ path: `${screenshots}docs-cli.png` });
    expect(await visibleText(title(page))).toBe("The trackfinity command line");
    expect(await page.title()).toBe("The trackfinity command line · trackfinity-client");
    expect(await page.getByRole("heading", { level: 2 }).allInnerTexts()).toEqual(
      expect.arrayContaining(["Install and run", "Exit codes", "Bulk updates from a file"]),
    );
    expectOnlyLocalTraffic(traffic, "cli.html");
  });
});

describe("the navigation bar", () => {
  it.each(PAGES)("on $path links to every page of the site, and each link loads", async ({ path }) => {
    const { page, traffic } = await open(path, (p) => p.getByRole("navigation", { name: "Documentation" }));
    const links = await page
      .getByRole("navigation", { name: "Documentation" })
      .getByRole("link")
      .evaluateAll((anchors: HTMLAnchorElement[]) =>
        anchors.map((a) => ({ text: a.textContent, href: a.href, current: a.getAttribute("aria-current") })),
      );

    expect(links.map(({ text, href }) => ({ link: text, path: new URL(href).pathname.slice(1) }))).toEqual(
      PAGES.map(({ link, path }) => ({ link, path })),
    );
    expect(links.filter((link) => link.current === "page").map((link) => link.text)).toEqual([
      PAGES.find((p) => p.path === path)?.link,
    ]);
    for (const { href } of links) {
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
    expectOnlyLocalTraffic(traffic, path);
  });
});

describe("at a 390 px wide viewport (a phone)", () => {
  const phone = { width: 390, height: 844 };

  it.each([
    { path: "guide.html", section: "Errors, and what to do about each" },
    { path: "cli.html", section: "Exit codes" },
  ])("$path never scrolls the page sideways, its wide tables included", async ({ path, section }) => {
    const { page, traffic } = await open(path, title, phone);
    // The screenshot shows the section's heading and the start of its table, the widest part of the page.
    await page
      .getByRole("heading", { level: 2, name: section })
      .evaluate((heading) => heading.scrollIntoView());
    await page.screenshot({ path: `${screenshots}docs-${path.replace(".html", "")}-390px.png` });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.viewport).toBe(phone.width);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expectOnlyLocalTraffic(traffic, path);
  });

  it.each(["guide.html", "cli.html"])(
    "%s fits every table and code block in its box, with nothing to scroll sideways",
    async (path) => {
      const { page } = await open(path, title, phone);
      const overflows = await page.locator("main").evaluate((main) => {
        const box = main.getBoundingClientRect();
        const right = box.right - Number.parseFloat(getComputedStyle(main).paddingRight);
        return [...main.querySelectorAll("table, .table-scroll, pre")].flatMap((element) => {
          const { left, right: elementRight } = element.getBoundingClientRect();
          const scrolls = element.scrollWidth > element.clientWidth;
          const sticksOut = Math.round(elementRight) > Math.round(right);
          return scrolls || sticksOut
            ? [
                `${element.tagName.toLowerCase()} "${element.textContent?.replace(/\s+/g, " ").trim().slice(0, 40)}…": ` +
                  `${Math.round(elementRight - left)} px wide, ${element.scrollWidth} px of content in ${element.clientWidth} px`,
              ]
            : [];
        });
      });
      expect(await page.locator("main table").count()).toBeGreaterThan(0);
      expect(await page.locator("main pre").count()).toBeGreaterThan(0);
      expect(overflows).toEqual([]);
    },
  );

  it.each(["Options", "Errors, and what to do about each"])(
    "stacks each row of the guide's table under \"%s\", every cell under its column's name",
    async (section) => {
      const { page } = await open("guide.html", title, phone);
      const table = page
        .getByRole("heading", { name: section, exact: true })
        .locator("xpath=following::table[1]");
      const { headers, rows } = await table.evaluate((element) => ({
        headers: [...element.querySelectorAll("thead th")].map((th) => th.textContent?.trim()),
        rows: [...element.querySelectorAll("tbody tr")].map((tr) =>
          [...tr.querySelectorAll("td")].map((td) => ({
            label: getComputedStyle(td, "::before").content,
            width: td.getBoundingClientRect().width,
          })),
        ),
      }));
      const rowWidth = await table
        .locator("tbody tr")
        .first()
        .evaluate((tr) => tr.getBoundingClientRect().width);
      expect(rows.length).toBeGreaterThan(2);
      for (const cells of rows) {
        expect(cells.map((cell) => cell.label)).toEqual(headers.map((header) => JSON.stringify(header)));
        // Stacked: each cell takes the row's whole width, one under the other.
        for (const cell of cells) expect(cell.width).toBeGreaterThan(rowWidth * 0.9);
      }
    },
  );
});
