#!/bin/sh
# redocly lint under redocly.yaml, failing on any warning too, without the Node 20 deprecation banner.
out=$(redocly lint openapi.yaml --format=stylish 2>&1)
status=$?
out=$(printf '%s\n' "$out" | sed '/╔/,/╝/d' | sed '/^[[:space:]]*$/d')
printf '%s\n' "$out"
if [ "$status" -ne 0 ] || printf '%s' "$out" | grep -qi 'warning'; then
  echo "lint:spec: fix the problems above in openapi.yaml (rules: redocly.yaml)." >&2
  exit 1
fi
