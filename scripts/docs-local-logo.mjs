#!/usr/bin/env node
// Redoc 3 always renders a "API docs by" Redocly logo whose image it loads from Redocly's CDN, and has
// no option to turn it off. This points that image at a local file (docs/templates/redoc-attribution.svg)
// so the reference page makes no request to another host. Fails when the URLs are not found, e.g.
// after an @redocly/cli upgrade changed them: then look for the new URLs in the built page.
import { readFileSync, writeFileSync } from "node:fs";

const LOCAL_LOGO = "redoc-attribution.svg";
const CDN_LOGOS = [
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
  "https://cdn.redoc.ly/redoc/logo-mini.svg",
];

const file = process.argv[2];
if (!file) {
  console.error("usage: node scripts/docs-local-logo.mjs <built index.html>");
  process.exit(2);
}
let html = readFileSync(file, "utf8");
for (const url of CDN_LOGOS) {
  if (!html.includes(url)) {
    console.error(`docs-local-logo: ${file} does not contain ${url}; has Redoc changed its logo URL?`);
    process.exit(1);
  }
  html = html.replaceAll(url, LOCAL_LOGO);
}
writeFileSync(file, html);
