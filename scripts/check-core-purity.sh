#!/usr/bin/env bash
# The protocol core is sans-IO: no web APIs, no JS bindings, no async, no serde_json.
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -rnE 'web_sys|js_sys|wasm_bindgen|async |\.await|serde_json' src/core --include='*.rs' | grep -v '/tests' | grep -vE '^\S+:\s*//'; then
  echo "src/core must stay sans-IO (see the lines above)"
  exit 1
fi
echo "core purity: ok"
