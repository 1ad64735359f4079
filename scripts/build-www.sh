#!/usr/bin/env bash
# Builds the demo SPA: the oidc-wasm package (pkg/, scripts/build.sh),
# then www/ with webpack in production mode into www/dist/ (index.html,
# silent.html, the bundle and the .wasm). Safe to run again: both steps
# rebuild in place (webpack empties www/dist first).
#
# Build-time settings (see webpack.config.js): DESCOPE_PROJECT_ID, OIDC_AUTHORITY,
# OIDC_CLIENT_ID.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/build.sh
webpack --mode production --no-color
echo "demo built: $ROOT/www/dist"
