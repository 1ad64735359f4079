#!/usr/bin/env bash
# Builds the npm package with wasm-pack, release profile + wasm-opt -Oz.
#   scripts/build.sh            -> pkg/ (bundler target, what `npm install` users get)
#   scripts/build.sh web        -> pkg-web/ (ES module + init(), for plain <script type=module>)
#   scripts/build.sh nodejs     -> pkg-node/ (CommonJS, for Node 18+)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
target="${1:-bundler}"
case "$target" in
  bundler) out=pkg ;;
  web) out=pkg-web ;;
  nodejs) out=pkg-node ;;
  *) echo "usage: $0 [bundler|web|nodejs]" >&2; exit 2 ;;
esac
# --mode no-install: use the wasm-bindgen, wasm-opt found on PATH; never download.
wasm-pack build --release --mode no-install --target "$target" --out-dir "$out" --out-name oidc_wasm
