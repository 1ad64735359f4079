#!/usr/bin/env bash
# Where the wasm's bytes go: the release build, bound and optimised like wasm-pack
# does, but with function names kept, then `twiggy top`. Needs `cargo install twiggy`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
out=$(mktemp -d)
cargo build --release --target wasm32-unknown-unknown -q
wasm-bindgen target/wasm32-unknown-unknown/release/oidc_wasm.wasm --out-dir "$out" --target web
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals "$out/oidc_wasm_bg.wasm" -o "$out/named.wasm"
twiggy top -n "${1:-40}" "$out/named.wasm"
