#!/bin/sh
# The published package as consumers get it: publint, then Are the Types Wrong on the packed tarball.
# ESM only: Node >= 20.19 (our engines) can require() it, which test/package/ proves.
set -e
publint --strict || { echo "lint:package: publint found problems in package.json (see above)." >&2; exit 1; }
attw --pack . --profile esm-only --format ascii || { echo "lint:package: attw found type resolution problems (see above)." >&2; exit 1; }
