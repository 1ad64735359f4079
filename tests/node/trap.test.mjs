// A trap in the wasm under Node (js/guard.js): the call in flight rejects with
// internal_error instead of never settling, and so does every later call of that entry.
// Its own file, so its own process: a trapped module stays stopped, which would break the
// other files' tests. The provider (provider/op.mjs) runs on E2E_NODE_TRAP_OP_PORT
// (default 9004).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { after, before, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import { API_RESOURCE } from "../../provider/configuration.mjs";
import { startProvider } from "../../provider/op.mjs";

const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const PORT = Number(process.env.E2E_NODE_TRAP_OP_PORT || 9004);
const PKG = resolve(process.env.OIDC_WASM_PKG ?? join(REPO, "pkg"));

function nodeEntry(kind) {
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  return join(PKG, manifest.exports["."].node[kind]);
}

const ENTRIES = [
  ["require (index.cjs)", async () => createRequire(import.meta.url)(nodeEntry("require"))],
  ["import (node.mjs)", async () => import(pathToFileURL(nodeEntry("import")).href)],
];

/** The rejection of `promise` (or "resolved" / "still pending after 5 s"). */
function outcome(promise) {
  return Promise.race([
    promise.then(() => "resolved", (error) => error),
    new Promise((resolve) => setTimeout(() => resolve("still pending after 5 s"), 5000)),
  ]);
}

function assertInternalError(error, what) {
  assert.ok(error instanceof Error, `${what}: ${String(error)}`);
  assert.equal(error.name, "OidcError", what);
  assert.equal(error.code, "internal_error", `${what}: ${error.code} (${error.message})`);
}

let op;
before(async () => {
  op = await startProvider({ port: PORT, appOrigin: "http://localhost:1", autoLogin: true });
});
after(async () => {
  await op?.close();
});

for (const [name, load] of ENTRIES) {
  it(`${name}: a trap rejects the call in flight and every later one with internal_error`, async () => {
    const { OidcClient } = await load();
    const options = {
      tokenEndpoint: `http://localhost:${PORT}/token`,
      clientId: "m2m",
      clientSecret: "m2m-secret",
      scope: "api:read",
      extraParams: { resource: API_RESOURCE },
    };
    // Works first: the module is sound.
    const token = await OidcClient.clientCredentials(options);
    assert.equal(typeof token.accessToken, "string");

    // js-sys's Date.now is an import the wasm cannot catch: an exception from it unwinds
    // through the wasm as a trap does. Only calls from the wasm throw (Node's fetch and
    // the provider in this process read the clock too). The request is on its way then.
    const now = Date.now;
    let inFlight;
    try {
      const requesting = OidcClient.clientCredentials(options);
      Date.now = () => {
        if (/wasm-function/.test(new Error().stack)) throw new WebAssembly.RuntimeError("unreachable (test)");
        return now();
      };
      inFlight = await outcome(requesting);
    } finally {
      Date.now = now;
    }
    assertInternalError(inFlight, "the call in flight");
    assert.match(inFlight.message, /internal error.*reload/);
    assertInternalError(await outcome(OidcClient.clientCredentials(options)), "a later call");
  });
}
