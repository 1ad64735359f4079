#!/usr/bin/env bash
# A copy of pkg/ whose wasm keeps its function names, for CPU profiles by hand
# (bench/callback-phases.mjs --profile, bench/renew-phases.mjs --profile): the last shipped
# build (scripts/build.sh) bound and optimised as scripts/package.mjs ships it, with the
# names section kept. The short import and export names come out the same, so the glue
# of pkg/ loads it; this checks that and fails otherwise. Usage: bash scripts/named-pkg.sh DIR
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
dest="${1:?usage: bash scripts/named-pkg.sh DIR}"
wasm="target/shipped/wasm32-unknown-unknown/release/oidc_wasm.wasm"
[ -f "$wasm" ] && [ -f pkg/oidc_wasm_bg.wasm ] || { echo "named-pkg.sh: no shipped build yet (run: bash scripts/build.sh)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
wasm-bindgen "$wasm" --keep-debug --out-dir "$work" --target web
# wasm-pack's run (Cargo.toml), then scripts/package.mjs's, each with -g.
wasm-opt -Oz --low-memory-unused -g "${features[@]}" "$work/oidc_wasm_bg.wasm" -o "$work/first.wasm"
wasm-opt "$work/first.wasm" --low-memory-unused --flatten --rereloop -Os -Oz -g \
  --minify-imports-and-exports-and-modules --strip-producers --strip-target-features \
  "${features[@]}" -o "$work/named.wasm" > /dev/null
rm -rf "$dest"
cp -r pkg "$dest"
cp "$work/named.wasm" "$dest/oidc_wasm_bg.wasm"
node -e '
const { readFileSync } = require("node:fs");
const shape = (file) => {
  const module = new WebAssembly.Module(readFileSync(file));
  return JSON.stringify([WebAssembly.Module.imports(module), WebAssembly.Module.exports(module)]);
};
if (shape("pkg/oidc_wasm_bg.wasm") !== shape(process.argv[1])) {
  console.error("named-pkg.sh: the named wasm imports or exports other names than pkg/ (a stale build?)");
  process.exit(1);
}' "$dest/oidc_wasm_bg.wasm"
echo "named-pkg.sh: $dest (pkg/ with function names in its wasm)"
