#!/usr/bin/env bash
# Where the shipped wasm's bytes go: the last shipped build (scripts/build.sh; its
# pre-bindgen wasm in target/shipped), bound and optimised as the package is but with
# function names kept, then `twiggy top` and a table by area (scripts/size-areas.mjs).
# Needs twiggy (`cargo install twiggy`). Usage: bash scripts/size-report.sh [N]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
wasm="target/shipped/wasm32-unknown-unknown/release/oidc_wasm.wasm"
[ -f "$wasm" ] || { echo "size-report.sh: no shipped build yet (run: bash scripts/build.sh)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen "$wasm" --keep-debug --out-dir "$out" --target web
# The shipped passes: wasm-pack's -Oz, then scripts/package.mjs's second run.
wasm-opt -Oz --low-memory-unused --flatten --rereloop -Os -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
  "$out/oidc_wasm_bg.wasm" -o "$out/named.wasm"
twiggy top -n "${1:-40}" "$out/named.wasm"
echo
twiggy top -n 100000 -f csv "$out/named.wasm" > "$out/top.csv"
node scripts/size-areas.mjs "$out/top.csv"
