#!/usr/bin/env bash
# The README's demo command (`npm run demo`): sets the machine up, builds the
# package and the demo page, then serves both halves on loopback until Ctrl-C:
#   the local OpenID Provider  http://localhost:$OP_PORT   (default 9000)
#   the demo SPA (www/dist)    http://localhost:$DEMO_PORT (default 8080)
# The provider shows a real login form (user "ada", any password) and a consent
# page, and issues tokens that live $DEMO_TOKEN_TTL seconds (default 30) so that
# silent renewals show up in the page within a minute.
#
# Environment: DEMO_PORT, OP_PORT, DEMO_TOKEN_TTL, OP_LOG=1 (print provider
# requests), SKIP_SETUP=1 / SKIP_BUILD=1 (reuse what is there),
# DESCOPE_PROJECT_ID (build the page for that Descope project instead).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

DEMO_PORT="${DEMO_PORT:-8080}"
OP_PORT="${OP_PORT:-9000}"
DEMO_TOKEN_TTL="${DEMO_TOKEN_TTL:-30}"
APP_ORIGIN="http://localhost:$DEMO_PORT"
ISSUER="http://localhost:$OP_PORT"

log() { printf '[demo] %s\n' "$*"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$DEMO_PORT" "$OP_PORT"; do
  if port_busy "$port"; then
    log "port $port is already in use: stop what runs there, or set DEMO_PORT / OP_PORT"
    exit 1
  fi
done
if [ "$DEMO_PORT" = "$OP_PORT" ]; then log "DEMO_PORT and OP_PORT must differ"; exit 1; fi

if [ "${SKIP_SETUP:-}" != 1 ]; then bash scripts/setup.sh; fi
if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f www/dist/index.html ]; then bash scripts/build-www.sh; fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OP_PORT="$OP_PORT" APP_ORIGIN="$APP_ORIGIN" OP_ACCESS_TOKEN_TTL="$DEMO_TOKEN_TTL" OP_ID_TOKEN_TTL="$DEMO_TOKEN_TTL" \
  node provider/op.mjs &
pids+=("$!")
DEMO_PORT="$DEMO_PORT" node www/serve.mjs &
pids+=("$!")

# Both listening (or one of them died: say so and stop).
for _ in $(seq 1 100); do
  if port_busy "$OP_PORT" && port_busy "$DEMO_PORT"; then break; fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then log "a server failed to start (see above)"; exit 1; fi
  done
  sleep 0.1
done
if ! port_busy "$OP_PORT" || ! port_busy "$DEMO_PORT"; then log "the servers did not start within 10 s"; exit 1; fi

url="$APP_ORIGIN/"
# The page's built-in default is the provider on :9000; tell it about another port.
if [ "$OP_PORT" != 9000 ] && [ -z "${DESCOPE_PROJECT_ID:-}" ]; then url="$APP_ORIGIN/?authority=$ISSUER&clientId=spa"; fi

cat <<MSG

  oidc-wasm demo is running

    open   $url
    user   ada (any password), then Allow
    tokens live ${DEMO_TOKEN_TTL} s: watch them renew in the Events panel

  provider: $ISSUER (discovery: $ISSUER/.well-known/openid-configuration)
  Ctrl-C stops both servers.

MSG
if [ -n "${DESCOPE_PROJECT_ID:-}" ]; then
  cat <<MSG
  Built for Descope project $DESCOPE_PROJECT_ID: allow these in the project
  (approved domains / redirect URLs):
    $APP_ORIGIN/callback  $APP_ORIGIN/silent.html  $APP_ORIGIN/

MSG
fi

# Until Ctrl-C (both servers stop on SIGINT/SIGTERM with status 0), or until one fails.
status=0
wait -n "${pids[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  log "a server exited with status $status"
  exit "$status"
fi
