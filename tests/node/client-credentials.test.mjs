// OidcClient.clientCredentials in Node (issue 4): no window, global fetch.
//
//   node --test tests/node/
//
// Runs against both builds:
//   - pkg-node/ (wasm-pack --target nodejs, CommonJS; loaded with createRequire),
//     or $OIDC_WASM_NODE_PKG;
//   - pkg-web/ (wasm-pack --target web, ES module; initialised with
//     initSync({ module: <the .wasm bytes> })), or $OIDC_WASM_PKG.
// Both builds must be there (scripts/test.sh builds them): a missing one fails,
// it is never skipped.
// The provider (provider/op.mjs) runs in this process on E2E_NODE_OP_PORT
// (default 9003), on `localhost`.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import { API_RESOURCE } from "../../provider/configuration.mjs";
import { startProvider } from "../../provider/op.mjs";

const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const PORT = Number(process.env.E2E_NODE_OP_PORT || 9003);
const ISSUER = `http://localhost:${PORT}`;
const TOKEN_ENDPOINT = `${ISSUER}/token`;

const NODE_PKG = resolve(process.env.OIDC_WASM_NODE_PKG ?? join(REPO, "pkg-node"));
const WEB_PKG = resolve(process.env.OIDC_WASM_PKG ?? join(REPO, "pkg-web"));

function loadNodeBuild() {
  const require = createRequire(import.meta.url);
  return require(join(NODE_PKG, "oidc_wasm.js"));
}

async function loadWebBuild() {
  const glue = await import(pathToFileURL(join(WEB_PKG, "oidc_wasm.js")).href);
  glue.initSync({ module: readFileSync(join(WEB_PKG, "oidc_wasm_bg.wasm")) });
  return glue;
}

const BUILDS = [
  { name: "pkg-node (createRequire)", dir: NODE_PKG, load: loadNodeBuild },
  { name: "pkg-web (initSync)", dir: WEB_PKG, load: loadWebBuild },
];

function basicAuth(clientId, secret) {
  const formEncode = (value) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString("base64")}`;
}

async function introspect(token) {
  const response = await fetch(`${ISSUER}/token/introspection`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicAuth("m2m", "m2m-secret") },
    body: new URLSearchParams({ token }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

/** Awaits `promise`, expecting a rejection with an Error carrying `code`; returns the error. */
async function rejectsWith(promise, code) {
  let error;
  try {
    const value = await promise;
    assert.fail(`resolved, expected a rejection with code ${code}: ${JSON.stringify(value)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    error = err;
  }
  assert.ok(error instanceof Error, `rejects with an Error, got ${typeof error}: ${String(error)}`);
  assert.equal(error.code, code, `code: ${error.code} (${error.message})`);
  return error;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

let op;
before(async () => {
  op = await startProvider({ port: PORT, appOrigin: "http://localhost:1", autoLogin: true });
});
after(async () => {
  await op?.close();
});

it("both builds of the package are present", () => {
  for (const build of BUILDS) {
    const present = existsSync(join(build.dir, "oidc_wasm.js"));
    assert.ok(present, `no build in ${build.dir}: bash scripts/build.sh nodejs, bash scripts/build.sh web`);
  }
  assert.equal(typeof globalThis.window, "undefined", "Node, no window");
});

for (const build of BUILDS) {
  describe(`clientCredentials, ${build.name}`, () => {
    let OidcClient;
    before(async () => {
      ({ OidcClient } = await build.load());
      assert.equal(typeof OidcClient?.clientCredentials, "function", "OidcClient.clientCredentials is exported");
    });

    it("m2m gets a token: active, client m2m, scope api:read", async () => {
      op.stats.reset();
      const before = nowSeconds();
      const token = await OidcClient.clientCredentials({
        tokenEndpoint: TOKEN_ENDPOINT,
        clientId: "m2m",
        clientSecret: "m2m-secret",
        scope: "api:read",
      });
      assert.equal(typeof token.accessToken, "string");
      assert.ok(token.accessToken.length > 0);
      assert.match(token.tokenType, /^bearer$/i);
      assert.equal(token.scope, "api:read");
      assert.equal(typeof token.expiresAt, "number");
      assert.ok(
        token.expiresAt >= before + 3600 && token.expiresAt <= nowSeconds() + 3600,
        `expiresAt = response time + expires_in (3600): ${token.expiresAt - before}`,
      );
      assert.deepEqual(Object.keys(token).sort(), ["accessToken", "expiresAt", "scope", "tokenType"]);

      const info = await introspect(token.accessToken);
      assert.equal(info.active, true);
      assert.equal(info.client_id, "m2m");
      assert.equal(info.scope, "api:read");
      assert.equal(info.aud, API_RESOURCE);
      assert.deepEqual(op.stats.counts.token.byClient, { m2m: { client_credentials: 1 } }, "one token request");
    });

    it("m2m-odd with a secret that HTTP Basic must form-encode", async () => {
      const token = await OidcClient.clientCredentials({
        tokenEndpoint: TOKEN_ENDPOINT,
        clientId: "m2m-odd",
        clientSecret: "p@ss:w%rd+ &=",
        scope: "api:read",
      });
      const info = await introspect(token.accessToken);
      assert.equal(info.active, true);
      assert.equal(info.client_id, "m2m-odd");
    });

    it("a wrong secret -> oauth_error invalid_client", async () => {
      const error = await rejectsWith(
        OidcClient.clientCredentials({
          tokenEndpoint: TOKEN_ENDPOINT,
          clientId: "m2m",
          clientSecret: "not-the-secret",
          scope: "api:read",
        }),
        "oauth_error",
      );
      assert.equal(error.error, "invalid_client");
      assert.ok(!String(error.message).includes("not-the-secret"), "the secret is not in the message");
    });

    it("authority: the token endpoint comes from discovery", async () => {
      op.stats.reset();
      const token = await OidcClient.clientCredentials({
        authority: ISSUER,
        clientId: "m2m",
        clientSecret: "m2m-secret",
        scope: "api:read",
      });
      assert.equal((await introspect(token.accessToken)).active, true);
      assert.equal(op.stats.counts.requests["/.well-known/openid-configuration"], 1, "discovery was used");
      assert.deepEqual(op.stats.counts.token.byClient, { m2m: { client_credentials: 1 } });
    });

    it("extraParams are sent (resource indicator: a known API works, an unknown one is refused)", async () => {
      const token = await OidcClient.clientCredentials({
        tokenEndpoint: TOKEN_ENDPOINT,
        clientId: "m2m",
        clientSecret: "m2m-secret",
        scope: "api:read",
        extraParams: { resource: API_RESOURCE },
      });
      assert.equal((await introspect(token.accessToken)).aud, API_RESOURCE);

      const error = await rejectsWith(
        OidcClient.clientCredentials({
          tokenEndpoint: TOKEN_ENDPOINT,
          clientId: "m2m",
          clientSecret: "m2m-secret",
          scope: "api:read",
          extraParams: { resource: "urn:oidc-wasm:no-such-api" },
        }),
        "oauth_error",
      );
      assert.equal(error.error, "invalid_target");
    });

    it("without scope: the client's default scope for the API", async () => {
      const token = await OidcClient.clientCredentials({
        tokenEndpoint: TOKEN_ENDPOINT,
        clientId: "m2m",
        clientSecret: "m2m-secret",
      });
      const info = await introspect(token.accessToken);
      assert.equal(info.active, true);
      assert.equal(info.client_id, "m2m");
    });

    it("an unreachable token endpoint rejects with an Error and a code", async () => {
      let error;
      try {
        await OidcClient.clientCredentials({
          tokenEndpoint: "http://localhost:1/token",
          clientId: "m2m",
          clientSecret: "m2m-secret",
        });
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof Error, `rejects with an Error: ${String(error)}`);
      assert.equal(error.code, "network_error", error.message);
    });

    it("tokenEndpoint and authority together, or neither, are refused (invalid_config)", async () => {
      await rejectsWith(
        OidcClient.clientCredentials({ tokenEndpoint: TOKEN_ENDPOINT, authority: ISSUER, clientId: "m2m", clientSecret: "m2m-secret" }),
        "invalid_config",
      );
      await rejectsWith(OidcClient.clientCredentials({ clientId: "m2m", clientSecret: "m2m-secret" }), "invalid_config");
    });
  });
}
