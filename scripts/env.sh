# Sourced by the scripts: the PATH every build and test step runs with.
# node_modules/.bin comes first so that wasm-opt is npm's binaryen 132, never
# Debian's 108 (which breaks the glue at load time, see TOOLCHAIN notes in README).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"
# The toolchain of the shipped build only (scripts/build.sh); stable builds and tests the rest.
export SHIPPED_TOOLCHAIN=nightly-2026-05-20
