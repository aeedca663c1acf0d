#!/bin/sh
# npm run bench: builds dist/ (the suite measures what users install), then runs bench/main.ts.
# Not part of npm test: timings are reported, never pass/fail.
npm run build --silent || {
  echo "bench: npm run build failed; fix the build (see above), then run npm run bench again." >&2
  exit 1
}
tsx bench/main.ts "$@" || {
  echo "bench: the suite failed (see above); docs/performance.md was not rewritten." >&2
  exit 1
}
# The page is linted by npm test; keep the rewritten block in Biome's Markdown format.
biome check --write docs/performance.md >/dev/null || {
  echo "bench: biome could not format docs/performance.md; run npx biome check docs/performance.md." >&2
  exit 1
}
