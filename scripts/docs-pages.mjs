#!/usr/bin/env node
// Renders the docs site's Markdown pages (docs/guide.md, docs/cli.md…) into HTML inside one template.
// Headings get GitHub-style ids, and links between the site's sources are rewritten to their pages
// (`cli.md#exit-codes` to `cli.html#exit-codes`, `../openapi.yaml` to `index.html`), so the same
// Markdown links work on GitHub and on the site. A relative link to anything the site does not hold,
// or to a heading a page lacks, fails the build: on the site it would be a dead link.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path/posix";
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
const escapeAttribute = (text) => escapeHtml(text).replace(/"/g, "&quot;");

const layout = readFileSync(template, "utf8");
if (!layout.includes("{{content}}") || !layout.includes("{{title}}")) {
  fail(`${template} must contain {{title}} and {{content}}`);
}
for (const page of pageOf.values()) {
  if (!layout.includes(`<a href="${page}">`)) fail(`${template} has no navigation link <a href="${page}">`);
}

/** Renders one Markdown source into the template: its HTML, its heading ids and the site links it makes. */
function render(source, page) {
  let title = "";
  const ids = new Set();
  const links = [];
  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type !== "link") return;
      if (token.href.startsWith("#")) {
        links.push({ href: token.href, page, hash: token.href });
        return;
      }
      const target = siteLink(source, token.href);
      if (target) {
        links.push({ href: token.href, ...target });
        token.href = target.page + target.hash;
      }
    },
    renderer: {
      heading({ tokens, depth }) {
        // What the reader sees, "The trackfinity command line" for "The `trackfinity` command line".
        const text = this.parser.parseInline(tokens, this.parser.textRenderer).replace(/<[^>]*>/g, "");
        if (depth === 1 && !title) title = text;
        const id = slug(text);
        ids.add(id);
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      // Each body cell carries its column's name, which site.css shows above the cell on a phone,
      // where rows are stacked; on a wider screen a table too wide scrolls inside its own box.
      table(token) {
        const names = token.header.map((cell) =>
          this.parser.parseInline(cell.tokens, this.parser.textRenderer),
        );
        const row = (cells) => `<tr>\n${cells.join("")}</tr>\n`;
        const head = row(token.header.map((cell) => this.tablecell(cell)));
        const body = token.rows
          .map((cells) =>
            row(
              cells.map((cell, i) =>
                this.tablecell(cell).replace("<td", `<td data-label="${escapeAttribute(names[i])}"`),
              ),
            ),
          )
          .join("");
        return `<div class="table-scroll">\n<table>\n<thead>\n${head}</thead>\n<tbody>\n${body}</tbody>\n</table>\n</div>\n`;
      },
    },
  });
  const content = marked.parse(readFileSync(source, "utf8"));
  if (!title) fail(`${source} has no "# Title" heading`);
  const html = layout
    .replace("{{title}}", escapeHtml(title))
    .replace(`<a href="${page}">`, `<a href="${page}" aria-current="page">`)
    .replace("{{content}}", () => content);
  return { html, ids, links };
}

/** Where a relative Markdown link points on the site, `{ page, hash }`; undefined for `https:`, `mailto:`… */
function siteLink(source, href) {
  if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(href)) return undefined;
  const [, path, hash = ""] = /^([^#?]*)(?:\?[^#]*)?(#.*)?$/.exec(href) ?? [];
  const file = normalize(join(dirname(source), path ?? ""));
  const page = pageOf.get(file);
  if (!page) {
    fail(
      `${source} links to ${href}, and ${file} is not a page of the site (${[...pageOf.keys()].join(", ")}). ` +
        "Link to one of those, give a full https:// URL, or add the file to the pages in scripts/docs.sh.",
    );
  }
  return { page, hash };
}

const rendered = new Map();
for (const [source, page] of pageOf) {
  if (source.endsWith(".md")) rendered.set(page, { source, ...render(source, page) });
}
// Only now are all headings known: a link to a "#section", on its own page or another, must find it there.
for (const { source, links } of rendered.values()) {
  for (const { href, page, hash } of links) {
    const target = rendered.get(page);
    const id = decodeURIComponent(hash.slice(1));
    if (target && id && !target.ids.has(id)) {
      fail(`${source} links to ${href}, but ${target.source} has no heading "#${id}"`);
    }
  }
}
for (const [page, { html }] of rendered) writeFileSync(join(site, page), html);
