import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = `${root}scripts/docs-pages.mjs`;
const template = `${root}docs/templates/page.html`;
/** The site's pages as scripts/docs.sh lists them; the fixture sources below stand in for the real ones. */
const PAGES = ["openapi.yaml=index.html", "docs/guide.md=guide.html", "docs/cli.md=cli.html"];

let repo: string;

/** Writes a small repository of Markdown sources and renders them as `npm run docs` does. */
async function render(guide: string, cli = "# CLI\n\n## Exit codes\n") {
  await writeFile(join(repo, "docs/guide.md"), guide);
  await writeFile(join(repo, "docs/cli.md"), cli);
  try {
    await promisify(execFile)(process.execPath, [script, template, "site", ...PAGES], { cwd: repo });
    return { html: await readFile(join(repo, "site/guide.html"), "utf8"), stderr: "" };
  } catch (error) {
    return { html: "", stderr: (error as { stderr: string }).stderr };
  }
}

/** The hrefs of the links inside the page's <main>, in order. */
const mainLinks = (html: string) =>
  [...(html.split("<main")[1] ?? "").matchAll(/<a href="([^"]*)"/g)].map(([, href]) => href);

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), "trackfinity-docs-pages-"));
  await mkdir(join(repo, "docs"));
  await mkdir(join(repo, "site"));
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe("scripts/docs-pages.mjs", () => {
  it("rewrites links between the Markdown sources to their pages, keeping the section", async () => {
    const { html, stderr } = await render(
      [
        "# Guide",
        "",
        "[the API reference](../openapi.yaml), [the CLI](cli.md), [exit codes](./cli.md#exit-codes),",
        "[this page](guide.md#guide), [the top](#guide), [elsewhere](https://example.com/notes.md).",
      ].join("\n"),
    );
    expect(stderr).toBe("");
    expect(mainLinks(html)).toEqual([
      "index.html",
      "cli.html",
      "cli.html#exit-codes",
      "guide.html#guide",
      "#guide",
      "https://example.com/notes.md",
    ]);
  });

  it("labels each body cell with its column's name as plain text, for the stacked tables of a phone", async () => {
    const { html, stderr } = await render(
      [
        "# Guide",
        "",
        '| `kind` | what "it" <means> |',
        "| --- | --- |",
        "| `invalid` | **bad** input |",
      ].join("\n"),
    );
    expect(stderr).toBe("");
    expect(html).toContain('<td data-label="kind"><code>invalid</code></td>');
    expect(html).toContain(
      '<td data-label="what &quot;it&quot; &lt;means&gt;"><strong>bad</strong> input</td>',
    );
    expect(html).toContain('<div class="table-scroll">');
  });

  it("marks the page's own link in the navigation bar, and no other, as the current page", async () => {
    const { html } = await render("# Guide\n");
    expect(html.match(/<a [^>]*aria-current="page"[^>]*>/g)).toEqual([
      '<a href="guide.html" aria-current="page">',
    ]);
  });

  it("refuses a relative link to a file that is not a page of the site", async () => {
    const { html, stderr } = await render("# Guide\n\nSee [the numbers](performance.md).\n");
    expect(html).toBe("");
    expect(stderr).toContain("docs/guide.md links to performance.md");
    expect(stderr).toContain("not a page of the site");
  });

  it("refuses a link to a section that its page does not have", async () => {
    const { stderr } = await render("# Guide\n\n[codes](cli.md#exit-code)\n");
    expect(stderr).toContain(
      'docs/guide.md links to cli.md#exit-code, but docs/cli.md has no heading "#exit-code"',
    );
  });

  it("refuses a link to a missing section of its own page", async () => {
    const { stderr } = await render("# Guide\n\n[here](#nowhere)\n");
    expect(stderr).toContain('docs/guide.md links to #nowhere, but docs/guide.md has no heading "#nowhere"');
  });
});
