#!/bin/sh
# Builds the offline docs site in docs/site/: the Redoc API reference (index.html), the guide (guide.html)
# and the CLI guide (cli.html).
# The pages load nothing from any other host; test/docs/ proves it in Chromium.
set -e
cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"
site=docs/site
templates=docs/templates

fail() {
  echo "docs: $1" >&2
  exit 1
}

rm -rf "$site"
mkdir -p "$site"

# --inlineBundle embeds @redocly/cli's own Redoc bundle (the version it prerenders with) instead of a CDN
# script. Telemetry off: neither the build nor readers' browsers report to Redocly.
# scrollYOffset keeps Redoc's sidebar and scrolling below the site's 40 px navigation bar (site.css).
status=0
out=$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true redocly build-docs openapi.yaml \
  --inlineBundle \
  --template "$templates/reference.hbs" \
  --openapi.scrollYOffset=40 \
  --output "$site/index.html" 2>&1) || status=$?
printf '%s\n' "$out" | sed '/╔/,/╝/d' | sed '/^[[:space:]]*$/d'
[ "$status" -eq 0 ] || fail "redocly build-docs failed (above); if openapi.yaml changed, \`npm run lint:spec\` names its problems."

node scripts/docs-local-logo.mjs "$site/index.html" ||
  fail "could not point Redoc's attribution logo at the local copy (above); the page would load it from a CDN."
cp "$templates/site.css" "$templates/redoc-attribution.svg" "$site/"

# The site's pages, each as source=page. docs-pages.mjs renders the Markdown ones into page.html, and
# rewrites links between the sources to these pages, e.g. "[the API reference](../openapi.yaml)" in
# docs/guide.md to index.html. A new page goes here and into both templates' navigation bars.
pages="openapi.yaml=index.html docs/guide.md=guide.html docs/cli.md=cli.html"
node scripts/docs-pages.mjs "$templates/page.html" "$site" $pages ||
  fail "could not render the Markdown pages (above)."

echo "docs: built $site/: index.html, guide.html, cli.html"
