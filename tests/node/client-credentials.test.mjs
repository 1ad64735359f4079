// OidcClient.clientCredentials in Node (issue 4): no window, global fetch.
//
//   node --test tests/node/
//
// Runs against both Node entries of the one package in pkg/ (or $OIDC_WASM_PKG),
// resolved through its package.json `exports` as an installed package would be:
//   - require("oidc-wasm")  -> index.cjs (CommonJS glue, the wasm read on require);
//   - import("oidc-wasm")   -> node.mjs (ES module, the wasm read on the first call).
// The package must be built (scripts/test.sh builds it): a missing one fails, it is
// never skipped.
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

const PKG = resolve(process.env.OIDC_WASM_PKG ?? join(REPO, "pkg"));

/** The file the package's `exports` map names for Node and `kind` ("require" | "import"). */
function nodeEntry(kind) {
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  return join(PKG, manifest.exports["."].node[kind]);
}

function loadRequireEntry() {
  const require = createRequire(import.meta.url);
  return require(nodeEntry("require"));
}

async function loadImportEntry() {
  return import(pathToFileURL(nodeEntry("import")).href);
}

const BUILDS = [
  { name: "require (index.cjs)", load: loadRequireEntry },
  { name: "import (node.mjs)", load: loadImportEntry },
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

it("the package's Node entries are present", () => {
  for (const kind of ["require", "import"]) {
    assert.ok(existsSync(nodeEntry(kind)), `no ${kind} entry in ${PKG}: bash scripts/build.sh`);
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

for (const build of BUILDS) {
  it(`PKCE helpers and the error guard, ${build.name}`, async () => {
    const { codeChallengeS256, generateCodeVerifier, isOidcError, OidcClient } = await build.load();
    // RFC 7636 Appendix B.
    assert.equal(
      await codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    const verifier = await generateCodeVerifier();
    assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
    const error = await OidcClient.clientCredentials({ tokenEndpoint: "http://op.example.com/token" }).catch((e) => e);
    assert.equal(isOidcError(error), true);
    assert.equal(error.code, "invalid_config");
    assert.equal(isOidcError(new Error("other")), false);
  });
}
