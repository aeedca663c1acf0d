#!/usr/bin/env node
// Renders docs/guide.md into the docs site's guide.html, inside docs/templates/guide.html.
// Headings get GitHub-style ids, so the guide's own "#section" links work on GitHub and on the site.
import { readFileSync, writeFileSync } from "node:fs";
import { Marked } from "marked";

const [source, template, output] = process.argv.slice(2);
if (!source || !template || !output) {
  console.error("usage: node scripts/docs-guide.mjs <guide.md> <template.html> <guide.html>");
  process.exit(2);
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (text) =>
  text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");

let title = "";
const marked = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth, text }) {
      if (depth === 1 && !title) title = text;
      return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

const content = marked.parse(readFileSync(source, "utf8"));
const page = readFileSync(template, "utf8");
if (!page.includes("{{content}}") || !page.includes("{{title}}")) {
  console.error(`docs-guide: ${template} must contain {{title}} and {{content}}`);
  process.exit(1);
}
if (!title) {
  console.error(`docs-guide: ${source} has no "# Title" heading`);
  process.exit(1);
}
const escapeHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
writeFileSync(
  output,
  page.replace("{{title}}", escapeHtml(title)).replace("{{content}}", () => content),
);
