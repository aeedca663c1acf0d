#!/usr/bin/env node
// Renders the docs site's Markdown pages (docs/guide.md, docs/cli.md…) into HTML inside one template.
// Headings get GitHub-style ids, so the pages' own "#section" links work on GitHub and on the site.
import { readFileSync, writeFileSync } from "node:fs";
import { join, normalize } from "node:path/posix";
import { Marked } from "marked";

const usage = "usage: node scripts/docs-pages.mjs <template.html> <site dir> <source>=<page>...";
const [template, site, ...pairs] = process.argv.slice(2);
if (!template || !site || pairs.length === 0 || pairs.some((pair) => !/^[^=]+=[^=/]+\.html$/.test(pair))) {
  console.error(usage);
  console.error("  e.g. docs/templates/page.html docs/site openapi.yaml=index.html docs/guide.md=guide.html");
  console.error("  Sources ending in .md are rendered; the others are built elsewhere and only linked to.");
  process.exit(2);
}

/** Every page of the site by the repository file it is built from, e.g. `docs/guide.md` → `guide.html`. */
const pageOf = new Map(
  pairs.map((pair) => pair.split("=")).map(([source, page]) => [normalize(source), page]),
);

const fail = (message) => {
  console.error(`docs-pages: ${message}`);
  process.exit(1);
};

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (text) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");

const escapeHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const layout = readFileSync(template, "utf8");
if (!layout.includes("{{content}}") || !layout.includes("{{title}}")) {
  fail(`${template} must contain {{title}} and {{content}}`);
}
for (const page of pageOf.values()) {
  if (!layout.includes(`<a href="${page}">`)) fail(`${template} has no navigation link <a href="${page}">`);
}

/** Renders one Markdown source into the template. */
function render(source, page) {
  let title = "";
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        // What the reader sees, "The trackfinity command line" for "The `trackfinity` command line".
        const text = this.parser.parseInline(tokens, this.parser.textRenderer).replace(/<[^>]*>/g, "");
        if (depth === 1 && !title) title = text;
        return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const content = marked.parse(readFileSync(source, "utf8"));
  if (!title) fail(`${source} has no "# Title" heading`);
  const html = layout
    .replace("{{title}}", escapeHtml(title))
    .replace(`<a href="${page}">`, `<a href="${page}" aria-current="page">`)
    .replace("{{content}}", () => content);
  return html;
}

for (const [source, page] of pageOf) {
  if (source.endsWith(".md")) writeFileSync(join(site, page), render(source, page));
}
