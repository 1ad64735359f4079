#!/usr/bin/env bash
# Sets a fresh machine up for building and testing oidc-wasm, offline but for the
# package registries (see README). Every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
# Must equal the wasm-bindgen version pinned (with `=`) in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)

log() { printf '[setup] %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The shipped build's pinned nightly (scripts/build.sh): build-std and immediate-abort panics.
source "$(dirname "$0")/env.sh"
if ! rustup run "$SHIPPED_TOOLCHAIN" rustc --version >/dev/null 2>&1 ||
   ! rustup component list --toolchain "$SHIPPED_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src' ||
   ! rustup target list --toolchain "$SHIPPED_TOOLCHAIN" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "installing $SHIPPED_TOOLCHAIN (the shipped build's toolchain)"
  rustup toolchain install "$SHIPPED_TOOLCHAIN" --profile minimal --target wasm32-unknown-unknown --component rust-src
fi

if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
  log "installing wasm-pack $WASM_PACK_VERSION"
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Without --locked: the CLI's lock file names a webpki-roots version the index lacks.
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q chromium chromium-driver
fi

# The Descope suite (tests/e2e/descope-run.mjs) makes its HTTPS certificate with openssl.
if ! command -v openssl >/dev/null; then
  log "installing openssl"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q openssl
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

# Debian's binaryen (wasm-opt 108) breaks the glue at load time; ours comes from npm.
case "$(command -v wasm-opt || true)" in
  /usr/bin/wasm-opt) log "warning: /usr/bin/wasm-opt is ahead on PATH; the npm scripts put node_modules/.bin first" ;;
esac
log "toolchain ready"
