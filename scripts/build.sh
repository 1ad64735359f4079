#!/usr/bin/env bash
# Builds the one publishable npm package into pkg/ (`npm pack ./pkg` is what we publish):
#   bash scripts/build.sh           the shipped build: pinned nightly with build-std and
#                                   immediate-abort panics, then wasm-opt -Oz
#   bash scripts/build.sh --debug   stable Rust with the `debug-panics` feature: a panic
#                                   logs its message to the console (bigger, for bug reports)
# pkg/ holds the wasm once, wasm-bindgen's ES-module glue (browsers, bundlers, Node ESM)
# and its CommonJS glue (Node require), our entries from js/ and the package files.
# It fails, never ships a lesser package, when a tool is missing.
# OIDC_WASM_PKG=DIR builds into DIR instead of pkg/ (the tests read the same variable).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

mode=release
case "${1:-}" in
  "") ;;
  --debug) mode=debug ;;
  *) echo "usage: $0 [--debug]" >&2; exit 2 ;;
esac

fail() { echo "build.sh: $*" >&2; exit 1; }
# wasm-pack with --mode no-install silently skips wasm-opt when it is not on PATH (+30 KB
# gzipped), and Debian's wasm-opt 108 breaks the glue at load time: only npm's will do.
[ "$(command -v wasm-opt || true)" = "$ROOT/node_modules/.bin/wasm-opt" ] ||
  fail "wasm-opt from npm's binaryen is not on PATH (run: bash scripts/setup.sh)"
command -v wasm-bindgen >/dev/null || fail "wasm-bindgen CLI missing (run: bash scripts/setup.sh)"

if [ "$mode" = release ]; then
  rustup run "$SHIPPED_TOOLCHAIN" rustc --version >/dev/null 2>&1 ||
    fail "the pinned toolchain $SHIPPED_TOOLCHAIN is missing (run: bash scripts/setup.sh)"
  export RUSTUP_TOOLCHAIN="$SHIPPED_TOOLCHAIN"
  export CARGO_TARGET_DIR="$ROOT/target/shipped"
  # immediate-abort: a panic is a trap, with no formatting or unwinding code behind it;
  # location-detail/fmt-debug: no file names and Debug impls in the data section.
  # -reference-types: wasm-bindgen keeps JS values in its heap slab instead of emitting an
  # externref shim per export (-806 B; -multivalue as well measured +39 B on top, so not).
  # cross-crate-inline-threshold=always: every function, std's too, is instantiated in the
  # crate that calls it, as `#[inline]` ones are, so LLVM sees each with its callers and
  # drops or folds what they never use (-7,009 B; bench/size-levers.md has its neighbours).
  export RUSTFLAGS='-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Csymbol-mangling-version=legacy -Ctarget-feature=-reference-types -Zcross-crate-inline-threshold=always'"${EXTRA_RUSTFLAGS:+ $EXTRA_RUSTFLAGS}"
  cargo_args=(-Z build-std=std,panic_abort -Z build-std-features=optimize_for_size)
else
  export CARGO_TARGET_DIR="$ROOT/target/debug-panics"
  cargo_args=(--features debug-panics)
fi

out="${OIDC_WASM_PKG:-$ROOT/pkg}"
rm -rf "$out"
wasm-pack build . --release --mode no-install --target web --out-dir "$out" --out-name oidc_wasm \
  -- "${cargo_args[@]}"
# The same wasm, with wasm-bindgen's CommonJS glue for require() (it loads ./oidc_wasm_bg.wasm).
wasm-bindgen --target nodejs --out-dir "$CARGO_TARGET_DIR/node-glue" --out-name oidc_wasm \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/oidc_wasm.wasm"
cp "$CARGO_TARGET_DIR/node-glue/oidc_wasm.js" "$out/oidc_wasm.cjs"

node scripts/package.mjs
echo "built $out ($mode): $(node scripts/size-guard.mjs --print)"
