// Sender-constrained tokens, DPoP (RFC 9449, issue 14): the library's key pair
// (ES256, non-extractable, in IndexedDB), its proofs on every token, userinfo,
// revocation and API request, dpop_jkt on the authorization request, server
// nonces (§8), the refusal of a silent downgrade to Bearer, and client.fetch.
//
// Servers: the oidc-provider on OP_ISSUER (DPoP on, no nonce required), a
// provider of its own that demands nonces (DPOP_OP_ISSUER, E2E_DPOP_OP_PORT,
// default 9005), the misbehaving provider (mode "dpop_bearer"), and a resource
// server on an origin of its own (provider/resource-server.mjs, E2E_API_PORT,
// default 9006) that verifies proofs, refuses replays and checks cnf.jkt by
// introspection. The first two tests check those servers from Node alone.

import assert from "node:assert/strict";

import { startProvider } from "../../provider/op.mjs";
import { accessTokenHash, decodeProof } from "../../provider/dpop.mjs";
import { startResourceServer } from "../../provider/resource-server.mjs";
import { badOpOptions, expectError, expectOk, openApp, signinToCallback, spaOptions } from "./app-driver.mjs";
import { createDpopKey } from "./dpop-proof.mjs";
import {
  API_PORT, APP_ORIGIN, BAD_OP_ISSUER, DPOP_OP_ISSUER, DPOP_OP_PORT, OP_ISSUER, test,
} from "./harness.mjs";
import { clientCall, signInLive, startClient, storedSession } from "./live-client.mjs";
import { authorize, introspect, tokenRequest, CALLBACK } from "./op-flows.mjs";

const SILENT_URL = `${APP_ORIGIN}/silent.html`;

/** The IndexedDB key of a client's key pair (issue 14's contract). */
function keyPairId(issuer, clientId) {
  return `${issuer} ${clientId}`;
}

function dpopOptions(extra = {}) {
  return spaOptions({ dpop: true, ...extra });
}

/** Runs `fn(api)` with a resource server for `issuer`'s tokens on API_PORT. */
async function withApi({ issuer = OP_ISSUER, requireNonce = false } = {}, fn) {
  const api = await startResourceServer({ port: API_PORT, issuer, appOrigin: APP_ORIGIN, requireNonce });
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

/** Runs `fn(op)` with a provider that demands a DPoP nonce on every proof. */
async function withNonceProvider(fn) {
  const op = await startProvider({ port: DPOP_OP_PORT, appOrigin: APP_ORIGIN, autoLogin: true, dpopNonce: true });
  try {
    return await fn(op);
  } finally {
    await op.close();
  }
}

/**
 * In the page: the key pair the library keeps in IndexedDB ("oidc-wasm" /
 * "dpop-keys" / "<issuer> <clientId>"), described. null when there is none
 * (no database, no store or no entry). The database is never created here.
 * `id: null` reads the store's only entry whatever its key (null unless exactly one).
 */
function storedKeyPair(page, { issuer = OP_ISSUER, clientId = "spa", id = keyPairId(issuer, clientId) } = {}) {
  return page.evaluate(async ({ id }) => {
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    if (!(await indexedDB.databases()).some((d) => d.name === "oidc-wasm")) return null;
    const open = indexedDB.open("oidc-wasm");
    let created = false;
    open.onupgradeneeded = () => {
      created = true; // gone between the two calls: do not leave an empty database behind
      open.transaction.abort();
    };
    let db;
    try {
      db = await request(open);
    } catch (err) {
      if (created) return null;
      throw err;
    }
    try {
      if (!db.objectStoreNames.contains("dpop-keys")) return null;
      const store = db.transaction("dpop-keys", "readonly").objectStore("dpop-keys");
      let value;
      if (id === null) {
        const all = await request(store.getAll());
        value = all.length === 1 ? all[0] : undefined;
      } else {
        value = await request(store.get(id));
      }
      if (value === undefined) return null;
      const { privateKey, publicKey } = value;
      const jwk = await crypto.subtle.exportKey("jwk", publicKey);
      // RFC 7638: the required members, lexicographic order, no whitespace.
      const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical)));
      const jkt = btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      const exportAttempt = async (format) => {
        try {
          await crypto.subtle.exportKey(format, privateKey);
          return "resolved";
        } catch (err) {
          return `rejected: ${err.name}`;
        }
      };
      return {
        keys: Object.keys(value).sort(),
        jkt,
        publicJwk: { kty: jwk.kty, crv: jwk.crv },
        privateIsCryptoKey: privateKey instanceof CryptoKey,
        privateType: privateKey.type,
        privateExtractable: privateKey.extractable,
        privateAlgorithm: { name: privateKey.algorithm.name, namedCurve: privateKey.algorithm.namedCurve },
        privateUsages: [...privateKey.usages].sort(),
        exportJwk: await exportAttempt("jwk"),
        exportPkcs8: await exportAttempt("pkcs8"),
      };
    } finally {
      db.close();
    }
  }, { id });
}

/**
 * Every entry of IndexedDB oidc-wasm/dpop-keys, whatever its key: [{ id, jkt }] ([] when
 * there is no database or store). Each test has a fresh browser context, so an
 * empty list means the library left no key pair behind.
 */
function allKeyPairs(page) {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === "oidc-wasm")) return [];
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("oidc-wasm");
      open.onupgradeneeded = () => open.transaction.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    }).catch(() => null);
    if (!db) return [];
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    let ids;
    let values;
    try {
      if (!db.objectStoreNames.contains("dpop-keys")) return [];
      const store = db.transaction("dpop-keys", "readonly").objectStore("dpop-keys");
      [ids, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    } finally {
      db.close();
    }
    const entries = [];
    for (const [i, id] of ids.entries()) {
      let jkt = null;
      try {
        const jwk = await crypto.subtle.exportKey("jwk", values[i].publicKey);
        const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical)));
        jkt = btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      } catch {
        // not a { publicKey } entry: jkt stays null
      }
      entries.push({ id, jkt });
    }
    return entries;
  });
}

/** Asserts no key pair is left in IndexedDB, and above all not the one of thumbprint `jkt`. */
async function assertNoKeyPair(page, what, jkt) {
  const left = await allKeyPairs(page);
  if (jkt) assert.ok(!left.some((e) => e.jkt === jkt), `${what}: the key pair the tokens were bound to is still stored`);
  assert.deepEqual(left, [], `${what}: IndexedDB oidc-wasm/dpop-keys still holds a key pair`);
}

/** storedKeyPair under the contract's key, which must be there. */
async function requireKeyPair(page, { issuer = OP_ISSUER, clientId = "spa" } = {}) {
  const stored = await storedKeyPair(page, { issuer, clientId });
  if (!stored) {
    const entries = await allKeyPairs(page);
    assert.fail(`no key pair in IndexedDB oidc-wasm/dpop-keys under ${JSON.stringify(keyPairId(issuer, clientId))}; `
      + `the store holds ${JSON.stringify(entries)}`);
  }
  return stored;
}

/**
 * The store's only key pair, whatever its key (the sign-in test checks the key):
 * for tests about something else than the naming.
 */
async function theKeyPair(page) {
  const stored = await storedKeyPair(page, { id: null });
  if (!stored) assert.fail(`not exactly one key pair in IndexedDB oidc-wasm/dpop-keys: ${JSON.stringify(await allKeyPairs(page))}`);
  return stored;
}

/** `client.fetch(input, init)` on the page's client; input "url:<url>" passes a URL object. */
function clientFetch(page, input, init = null) {
  return page.evaluate(async ({ input, init }) => {
    const e2e = window.__e2e;
    try {
      const target = input.startsWith("url:") ? new URL(input.slice(4)) : input;
      const response = init === null ? await e2e.client.fetch(target) : await e2e.client.fetch(target, init);
      const text = await response.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { ok: true, value: { isResponse: response instanceof Response, status: response.status, body } };
    } catch (err) {
      return { ok: false, error: e2e.plainError(err) };
    }
  }, { input, init });
}

/** Records the headers of every request the page sends to urls starting with `prefix` (preflights aside). */
function captureRequests(page, prefix) {
  const pending = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(prefix) || request.method() === "OPTIONS") return;
    pending.push(request.allHeaders().then((headers) => ({ method: request.method(), url: request.url(), headers })));
  });
  return () => Promise.all(pending);
}

function proofsTo(op, path) {
  return op.stats.counts.dpop.proofs.filter((p) => p.path === path);
}

/**
 * The thumbprint of the key the last successful token request was signed with (the
 * key the session's tokens are bound to), from the provider's side: tests about
 * something else than the key's storage take it from here.
 */
function boundJkt(op) {
  const accepted = proofsTo(op, "/token").filter((p) => p.status === 200);
  assert.ok(accepted.length > 0, `no accepted token request with a DPoP proof: ${JSON.stringify(op.stats.counts.dpop.proofs)}`);
  return accepted.at(-1).jkt;
}

/** Every proof the provider saw was a well-formed ES256 dpop+jwt of key `jkt` for its own request. */
function assertProofsOf(proofs, jkt, issuer, what) {
  assert.ok(proofs.length > 0, `${what}: no DPoP proof reached the provider`);
  for (const p of proofs) {
    assert.equal(p.typ, "dpop+jwt", `${what}: typ ${JSON.stringify(p)}`);
    assert.equal(p.alg, "ES256", `${what}: alg ${JSON.stringify(p)}`);
    assert.equal(p.jkt, jkt, `${what}: the proof's key is the stored key pair's ${JSON.stringify(p)}`);
    assert.equal(p.htm, p.method, `${what}: htm ${JSON.stringify(p)}`);
    assert.equal(p.htu, `${issuer}${p.path}`, `${what}: htu ${JSON.stringify(p)}`);
    assert.equal(typeof p.jti, "string", `${what}: jti ${JSON.stringify(p)}`);
  }
  assert.equal(new Set(proofs.map((p) => p.jti)).size, proofs.length, `${what}: every proof has a jti of its own`);
}

// ---------------------------------------------------------------------------
// The servers themselves, from Node (they pass without the library).

test("dpop: the test provider binds tokens to a proof key; the resource server verifies proofs, refuses replays (Node only)", async ({ op }) => {
  const key = createDpopKey();
  const stranger = createDpopKey();
  const redeem = (flow, proofKey) => tokenRequest(
    {
      grant_type: "authorization_code",
      code: flow.params.get("code"),
      redirect_uri: CALLBACK,
      client_id: "spa",
      code_verifier: flow.pkce.verifier,
    },
    { headers: { dpop: proofKey.proof({ htm: "POST", htu: `${OP_ISSUER}/token` }) } },
  );
  // (A refused code is spent: oidc-provider consumes it before the dpop_jkt check.)
  const wrongKey = await redeem(await authorize({ extra: { dpop_jkt: key.jkt } }), stranger);
  assert.equal(wrongKey.status, 400, "a proof of another key than dpop_jkt's");
  assert.equal(wrongKey.body.error, "invalid_grant");
  const tokens = await redeem(await authorize({ extra: { dpop_jkt: key.jkt } }), key);
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.equal(tokens.body.token_type, "DPoP");
  assert.deepEqual(op.stats.counts.dpop.authJkt, [key.jkt, key.jkt], "stats: dpop_jkt of /auth");
  assert.deepEqual(proofsTo(op, "/token").map((p) => [p.jkt, p.status]), [[stranger.jkt, 400], [key.jkt, 200]], "stats: the proofs");
  const info = await introspect(tokens.body.access_token);
  assert.equal(info.body.active, true);
  assert.equal(info.body.cnf?.jkt, key.jkt, JSON.stringify(info.body));

  // The provider's userinfo: a proof with ath is needed, Bearer is refused.
  const at = tokens.body.access_token;
  const me = (headers) => fetch(`${OP_ISSUER}/me`, { headers });
  assert.equal((await me({ authorization: `Bearer ${at}` })).status, 401, "a DPoP-bound token as a bearer token");
  const userinfo = await me({ authorization: `DPoP ${at}`, dpop: key.proof({ htm: "GET", htu: `${OP_ISSUER}/me`, accessToken: at }) });
  assert.equal(userinfo.status, 200);
  assert.equal((await userinfo.json()).sub, "user-1");

  await withApi({}, async (api) => {
    const call = (headers, init = {}) => fetch(api.apiUrl, { ...init, headers: { origin: APP_ORIGIN, ...headers } });
    const good = { authorization: `DPoP ${at}`, dpop: key.proof({ htm: "GET", htu: api.apiUrl, accessToken: at }) };
    const ok = await call(good);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { sub: "user-1", client_id: "spa", scheme: "DPoP", jkt: key.jkt });
    assert.equal(ok.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.match(ok.headers.get("access-control-expose-headers"), /DPoP-Nonce/);
    assert.match(ok.headers.get("access-control-expose-headers"), /WWW-Authenticate/);

    const refusal = async (headers, error, pattern, init) => {
      const res = await call(headers, init);
      const body = await res.json();
      assert.equal(res.status, 401, `${pattern}: ${JSON.stringify(body)}`);
      assert.equal(body.error, error, `${pattern}: ${JSON.stringify(body)}`);
      assert.match(body.error_description, pattern);
      assert.match(res.headers.get("www-authenticate"), new RegExp(`error="${error}"`));
    };
    await refusal(good, "invalid_dpop_proof", /replay/);
    await refusal({ authorization: `DPoP ${at}`, dpop: stranger.proof({ htm: "GET", htu: api.apiUrl, accessToken: at }) },
      "invalid_token", /cnf\.jkt/);
    await refusal({ authorization: `DPoP ${at}`, dpop: key.proof({ htm: "GET", htu: api.apiUrl }) }, "invalid_dpop_proof", /ath/);
    await refusal({ authorization: `DPoP ${at}`, dpop: key.proof({ htm: "POST", htu: api.apiUrl, accessToken: at }) },
      "invalid_dpop_proof", /htm/);
    await refusal({ authorization: `DPoP ${at}`, dpop: key.proof({ htm: "GET", htu: `${OP_ISSUER}/api/whoami`, accessToken: at }) },
      "invalid_dpop_proof", /htu/);
    await refusal({ authorization: `DPoP ${at}`, dpop: key.proof({ htm: "GET", htu: api.apiUrl, accessToken: at, iat: Math.floor(Date.now() / 1000) - 600 }) },
      "invalid_dpop_proof", /iat/);
    await refusal({ authorization: `Bearer ${at}` }, "invalid_token", /bearer/);
    const post = await call({ authorization: `DPoP ${at}`, dpop: key.proof({ htm: "POST", htu: api.apiUrl, accessToken: at }) }, { method: "POST" });
    assert.equal(post.status, 200, "POST with htm POST");

    const preflight = await fetch(api.apiUrl, {
      method: "OPTIONS",
      headers: { origin: APP_ORIGIN, "access-control-request-method": "GET", "access-control-request-headers": "authorization,dpop" },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.match(preflight.headers.get("access-control-allow-headers"), /Authorization/);
    assert.match(preflight.headers.get("access-control-allow-headers"), /DPoP/);
    assert.equal(api.stats().replays, 1);
    assert.equal(api.stats().accepted, 2);
  });
});

test("dpop: the nonce provider and API answer use_dpop_nonce with a DPoP-Nonce the app may read (Node only)", async () => {
  await withNonceProvider(async (op) => {
    const key = createDpopKey();
    const flow = await authorize({ issuer: DPOP_OP_ISSUER, extra: { dpop_jkt: key.jkt } });
    const redeem = (nonce) => fetch(`${DPOP_OP_ISSUER}/token`, {
      method: "POST",
      headers: {
        origin: APP_ORIGIN,
        "content-type": "application/x-www-form-urlencoded",
        dpop: key.proof({ htm: "POST", htu: `${DPOP_OP_ISSUER}/token`, nonce }),
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: flow.params.get("code"),
        redirect_uri: CALLBACK,
        client_id: "spa",
        code_verifier: flow.pkce.verifier,
      }),
    });
    const first = await redeem(undefined);
    assert.equal(first.status, 400);
    assert.equal((await first.json()).error, "use_dpop_nonce");
    const nonce = first.headers.get("dpop-nonce");
    assert.ok(nonce, "a DPoP-Nonce header");
    assert.equal(first.headers.get("access-control-allow-origin"), APP_ORIGIN);
    assert.match(first.headers.get("access-control-expose-headers") ?? "", /DPoP-Nonce/i, "the app may read DPoP-Nonce");
    const second = await redeem(nonce);
    const tokens = await second.json();
    assert.equal(second.status, 200, JSON.stringify(tokens));
    assert.equal(tokens.token_type, "DPoP");
    assert.deepEqual(proofsTo(op, "/token").map((p) => [p.status, p.error, p.nonce !== null]),
      [[400, "use_dpop_nonce", false], [200, null, true]]);

    const at = tokens.access_token;
    const me = await fetch(`${DPOP_OP_ISSUER}/me`, {
      headers: { origin: APP_ORIGIN, authorization: `DPoP ${at}`, dpop: key.proof({ htm: "GET", htu: `${DPOP_OP_ISSUER}/me`, accessToken: at }) },
    });
    assert.equal(me.status, 401);
    assert.match(me.headers.get("www-authenticate"), /^DPoP .*error="use_dpop_nonce"/);
    assert.ok(me.headers.get("dpop-nonce"));
    assert.match(me.headers.get("access-control-expose-headers") ?? "", /DPoP-Nonce/i);

    await withApi({ issuer: DPOP_OP_ISSUER, requireNonce: true }, async (api) => {
      const call = (nonce) => fetch(api.apiUrl, {
        headers: {
          origin: APP_ORIGIN,
          authorization: `DPoP ${at}`,
          dpop: key.proof({ htm: "GET", htu: api.apiUrl, accessToken: at, nonce }),
        },
      });
      const without = await call(undefined);
      assert.equal(without.status, 401);
      assert.match(without.headers.get("www-authenticate"), /^DPoP .*error="use_dpop_nonce"/);
      assert.equal(without.headers.get("dpop-nonce"), api.nonce);
      assert.equal((await call("not-the-nonce")).status, 401);
      const ok = await call(without.headers.get("dpop-nonce"));
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).sub, "user-1");
      assert.equal(api.stats().useDpopNonce, 2);
    });
  });
});

test("dpop: the misbehaving provider answers a DPoP token request with DPoP, or Bearer in mode dpop_bearer (Node only)", async ({ badOp }) => {
  for (const [mode, expected] of [["ok", "DPoP"], ["dpop_bearer", "Bearer"]]) {
    badOp.setMode(mode);
    const key = createDpopKey();
    const flow = await authorize({ issuer: BAD_OP_ISSUER, extra: { dpop_jkt: key.jkt } });
    const res = await tokenRequest(
      {
        grant_type: "authorization_code",
        code: flow.params.get("code"),
        redirect_uri: CALLBACK,
        client_id: "spa",
        code_verifier: flow.pkce.verifier,
      },
      { issuer: BAD_OP_ISSUER, headers: { dpop: key.proof({ htm: "POST", htu: `${BAD_OP_ISSUER}/token` }) } },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.token_type, expected, mode);
    assert.equal(badOp.lastIssued().proofJkt, key.jkt);
    assert.equal(badOp.lastIssued().dpopJkt, key.jkt);
  }
});

// ---------------------------------------------------------------------------
// The library in the page.

test("dpop: sign-in binds the tokens to the page's key (dpop_jkt on /auth, a proof on /token, cnf.jkt)", async ({ page, op }) => {
  const session = await signInLive(page, dpopOptions());
  assert.equal(session.claims.sub, "user-1");

  const stored = await requireKeyPair(page);
  assert.deepEqual(stored.keys, ["privateKey", "publicKey"]);
  assert.deepEqual(stored.publicJwk, { kty: "EC", crv: "P-256" });

  assert.deepEqual(op.stats.counts.dpop.authJkt, [stored.jkt], "/auth carried dpop_jkt, the stored key's thumbprint");
  const tokenProofs = proofsTo(op, "/token");
  assertProofsOf(tokenProofs, stored.jkt, OP_ISSUER, "token request");
  assert.deepEqual(tokenProofs.map((p) => [p.grantType, p.status, p.ath]), [["authorization_code", 200, null]]);

  const info = await introspect(session.accessToken);
  assert.equal(info.body.active, true);
  assert.equal(info.body.token_type, "DPoP");
  assert.equal(info.body.cnf?.jkt, stored.jkt, `introspection: ${JSON.stringify(info.body)}`);

  // Sender-constrained: worthless as a bearer token, or with another key.
  const asBearer = await fetch(`${OP_ISSUER}/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
  assert.equal(asBearer.status, 401);
  const other = createDpopKey();
  const otherKey = await fetch(`${OP_ISSUER}/me`, {
    headers: {
      authorization: `DPoP ${session.accessToken}`,
      dpop: other.proof({ htm: "GET", htu: `${OP_ISSUER}/me`, accessToken: session.accessToken }),
    },
  });
  assert.equal(otherKey.status, 401);
  assert.equal(session.tokenType, "DPoP");
});

test("dpop: the private key is not extractable", async ({ page }) => {
  await signInLive(page, dpopOptions());
  const stored = await theKeyPair(page);
  assert.equal(stored.privateIsCryptoKey, true, "a CryptoKey, not key material");
  assert.equal(stored.privateType, "private");
  assert.deepEqual(stored.privateAlgorithm, { name: "ECDSA", namedCurve: "P-256" });
  assert.deepEqual(stored.privateUsages, ["sign"]);
  assert.equal(stored.privateExtractable, false);
  assert.equal(stored.exportJwk, "rejected: InvalidAccessError");
  assert.equal(stored.exportPkcs8, "rejected: InvalidAccessError");
});

test("dpop: refresh keeps the binding; userinfo and revocation carry proofs; revoke() deletes the key pair", async ({ page, op, log }) => {
  const options = dpopOptions({ scope: "openid profile email offline_access" });
  const first = await signInLive(page, options, { prompt: "consent" });
  assert.equal(typeof first.refreshToken, "string", "offline_access with prompt=consent: a refresh token");
  const jkt = boundJkt(op);
  assert.equal((await introspect(first.refreshToken)).body.cnf?.jkt, jkt, "the refresh token is bound too");

  op.stats.reset();
  const renewed = expectOk(await clientCall(page, "getAccessToken", { minValiditySeconds: 7200 }), "getAccessToken (refresh)");
  assert.notEqual(renewed, first.accessToken, "a new access token");
  assert.deepEqual(op.stats.counts.token.byGrantType, { refresh_token: 1 }, "renewed with the refresh token");
  const refreshProofs = proofsTo(op, "/token");
  assertProofsOf(refreshProofs, jkt, OP_ISSUER, "refresh");
  assert.deepEqual(refreshProofs.map((p) => [p.grantType, p.status]), [["refresh_token", 200]]);
  const session = expectOk(await clientCall(page, "getSession"), "getSession");
  assert.equal(session.accessToken, renewed);
  assert.notEqual(session.refreshToken, first.refreshToken, "rotated");
  const tokenTypes = [first.tokenType, session.tokenType]; // checked last: see the end
  assert.equal((await introspect(renewed)).body.cnf?.jkt, jkt, "the renewed access token: same key");
  assert.equal((await introspect(session.refreshToken)).body.cnf?.jkt, jkt, "the rotated refresh token: same key");
  assert.ok((await allKeyPairs(page)).some((e) => e.jkt === jkt), "the same key pair is still stored");

  op.stats.reset();
  const profile = expectOk(await clientCall(page, "getUserInfo"), "getUserInfo");
  assert.equal(profile.sub, "user-1");
  assert.equal(profile.email, "ada@example.com");
  const userinfoProofs = proofsTo(op, "/me");
  assertProofsOf(userinfoProofs, jkt, OP_ISSUER, "userinfo");
  assert.deepEqual(userinfoProofs.map((p) => [p.status, p.ath]), [[200, accessTokenHash(renewed)]], "userinfo: ath of the token");

  op.stats.reset();
  expectOk(await clientCall(page, "revoke"), "revoke()");
  const revocationProofs = proofsTo(op, "/token/revocation");
  log(`revocation proofs: ${JSON.stringify(revocationProofs)}`);
  assertProofsOf(revocationProofs, jkt, OP_ISSUER, "revocation");
  assert.ok(revocationProofs.every((p) => p.status === 200), JSON.stringify(revocationProofs));
  assert.equal((await introspect(renewed)).body.active, false, "the access token is revoked");
  assert.equal((await introspect(session.refreshToken)).body.active, false, "the refresh token is revoked");
  assert.equal(await storedSession(page), null, "the session is removed");
  await assertNoKeyPair(page, "after revoke()", jkt);
  assert.deepEqual(tokenTypes, ["DPoP", "DPoP"], "session.tokenType at sign-in and after the refresh");
});

test("dpop: silent renew through the iframe exchanges its code with a proof of the same key", async ({ page, op }) => {
  const first = await signInLive(page, dpopOptions({ silentRedirectUri: SILENT_URL }));
  const jkt = boundJkt(op);
  op.stats.reset();
  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  assert.notEqual(renewed.accessToken, first.accessToken);
  assert.deepEqual(op.stats.counts.dpop.authJkt, [jkt], "the iframe's /auth carried dpop_jkt");
  const proofs = proofsTo(op, "/token");
  assertProofsOf(proofs, jkt, OP_ISSUER, "iframe's code exchange");
  assert.deepEqual(proofs.map((p) => [p.grantType, p.status]), [["authorization_code", 200]]);
  assert.equal((await introspect(renewed.accessToken)).body.cnf?.jkt, jkt);
  assert.equal(renewed.tokenType, "DPoP");
});

test("dpop: client.fetch calls the API with a proof; its captured headers replayed from Node are refused", async ({ page, op }) => {
  await withApi({}, async (api) => {
    const session = await signInLive(page, dpopOptions());
    const jkt = boundJkt(op);
    const captured = captureRequests(page, api.apiUrl);

    const get = expectOk(await clientFetch(page, api.apiUrl), "client.fetch(apiUrl)");
    assert.equal(get.isResponse, true, "resolves to a Response");
    assert.equal(get.status, 200, JSON.stringify(get.body));
    assert.deepEqual(get.body, { sub: "user-1", client_id: "spa", scheme: "DPoP", jkt });

    const post = expectOk(await clientFetch(page, api.apiUrl, { method: "POST", body: "x", headers: { "content-type": "text/plain" } }),
      "client.fetch(apiUrl, { method: POST })");
    assert.equal(post.status, 200, `POST: ${JSON.stringify(post.body)}`);
    const url = expectOk(await clientFetch(page, `url:${api.apiUrl}`, { method: "POST" }), "client.fetch(new URL(apiUrl), { method: POST })");
    assert.equal(url.status, 200, `URL input: ${JSON.stringify(url.body)}`);

    const sent = await captured();
    assert.deepEqual(sent.map((r) => r.method), ["GET", "POST", "POST"]);
    assert.deepEqual(api.stats().requests.map((r) => [r.method, r.status]), [["GET", 200], ["POST", 200], ["POST", 200]],
      "no retries: this API asks for no nonce");
    for (const { method, headers } of sent) {
      assert.equal(headers.authorization, `DPoP ${session.accessToken}`);
      const proof = decodeProof(headers.dpop);
      assert.ok(proof, `a DPoP header on the ${method}`);
      assert.equal(proof.header.typ, "dpop+jwt");
      assert.equal(proof.header.alg, "ES256");
      assert.equal(proof.header.jwk.d, undefined, "no private key in the proof");
      assert.equal(proof.payload.htm, method);
      assert.equal(proof.payload.htu, api.apiUrl);
      assert.equal(proof.payload.ath, accessTokenHash(session.accessToken));
      assert.ok(Math.abs(proof.payload.iat - Date.now() / 1000) < 30, "iat is now");
    }
    assert.equal(sent[1].headers["content-type"], "text/plain", "the app's own headers are kept");

    const replay = await fetch(api.apiUrl, {
      headers: { origin: APP_ORIGIN, authorization: sent[0].headers.authorization, dpop: sent[0].headers.dpop },
    });
    const refused = await replay.json();
    assert.equal(replay.status, 401, `the replayed request: ${JSON.stringify(refused)}`);
    assert.equal(refused.error, "invalid_dpop_proof");
    assert.match(refused.error_description, /replay/);
    assert.equal(api.stats().replays, 1);
  });
});

test("dpop: client.fetch without dpop sends the access token as Bearer, no proof", async ({ page }) => {
  await withApi({}, async (api) => {
    const session = await signInLive(page, spaOptions());
    assert.match(session.tokenType, /^bearer$/i);
    await assertNoKeyPair(page, "without dpop");
    const captured = captureRequests(page, api.apiUrl);
    const res = expectOk(await clientFetch(page, api.apiUrl), "client.fetch");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { sub: "user-1", client_id: "spa", scheme: "Bearer", jkt: null });
    const [sent] = await captured();
    assert.equal(sent.headers.authorization, `Bearer ${session.accessToken}`);
    assert.equal(sent.headers.dpop, undefined);
  });
});

test("dpop: a provider answering token_type Bearer to a DPoP request is refused (invalid_token_type), nothing stored", async ({ page, badOp }) => {
  // The same provider behaving: the sign-in works, with a proof.
  const fine = await signInLive(page, badOpOptions({ dpop: true }));
  const good = badOp.lastIssued();
  assert.ok(good.proofJkt, "the token request carried a proof");
  assert.equal(good.proofJkt, good.dpopJkt, "of the dpop_jkt key");
  expectOk(await clientCall(page, "removeSession"), "removeSession");

  badOp.setMode("dpop_bearer");
  const options = badOpOptions({ dpop: true });
  await signinToCallback(page, options);
  await startClient(page, options);
  const error = expectError(await clientCall(page, "handleRedirectCallback"), "invalid_token_type", "handleRedirectCallback");
  const issued = badOp.lastIssued();
  assert.equal(issued.tokenType, "Bearer", "the provider did downgrade");
  assert.ok(issued.proofJkt, "although the request carried a proof");
  assert.equal(await storedSession(page), null, "nothing stored");
  assert.equal(expectOk(await clientCall(page, "getSession")), null);
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  assert.ok(!storage.includes(issued.accessToken), "the Bearer token is nowhere in storage");
  assert.equal(fine.tokenType, "DPoP", "the behaving provider's session");
});

test("dpop: removeSession() and signoutRedirect() delete the key pair; the next sign-in makes a new one", async ({ page }) => {
  const options = dpopOptions({ postLogoutRedirectUri: `${APP_ORIGIN}/signed-out` });
  await signInLive(page, options);
  const first = await theKeyPair(page);
  expectOk(await clientCall(page, "removeSession"), "removeSession");
  await assertNoKeyPair(page, "after removeSession()", first.jkt);

  await signInLive(page, options);
  const second = await theKeyPair(page);
  assert.notEqual(second.jkt, first.jkt, "a new key");

  const landed = page.waitForURL((url) => url.href.startsWith(`${APP_ORIGIN}/signed-out`), { timeout: 20_000 });
  landed.catch(() => {});
  const started = page
    .evaluate(async () => {
      try {
        await window.__e2e.client.signoutRedirect();
        return null;
      } catch (err) {
        return `${err?.code}: ${err?.message ?? err}`;
      }
    })
    .catch((err) => {
      if (/context was destroyed|navigat|Target closed/i.test(err.message)) return null;
      throw err;
    });
  const failure = await Promise.race([started, landed.then(() => null)]);
  if (failure) assert.fail(`signoutRedirect rejected: ${failure}`);
  await landed;
  await assertNoKeyPair(page, "after signoutRedirect()", second.jkt);
});

/**
 * Holds the key store busy for `ms` with a readwrite transaction of the page's own, so the
 * library's delete can commit only after it; notes in sessionStorage ("__order", which
 * outlives the page) when a delete's transaction commits ("deleted") and when the page
 * leaves ("left").
 */
async function holdKeyStore(page, ms) {
  await page.evaluate((ms) => {
    sessionStorage.removeItem("__order");
    const note = (what) => sessionStorage.setItem("__order", `${sessionStorage.getItem("__order") ?? ""}${what};`);
    window.__note = note;
    // The listener is added when the transaction is made, before the library's own
    // oncomplete, so the note is written before anything the library does after it.
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      const tx = transaction.apply(this, args);
      tx.addEventListener("complete", () => tx.__deletes && note("deleted"));
      return tx;
    };
    const remove = IDBObjectStore.prototype.delete;
    IDBObjectStore.prototype.delete = function (...args) {
      this.transaction.__deletes = true;
      return remove.apply(this, args);
    };
    addEventListener("pagehide", () => note("left"));
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("oidc-wasm");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const store = open.result.transaction("dpop-keys", "readwrite").objectStore("dpop-keys");
        const until = performance.now() + ms;
        const spin = () => {
          if (performance.now() < until) store.get("busy").onsuccess = spin;
        };
        spin();
        resolve();
      };
    });
  }, ms);
}

/**
 * Calls signinPopup() from a real click (no await before it: the popup opens inside the
 * click) and waits for it to settle; returns the popup page and `{ ok, value | error }`.
 */
async function signinPopupByClick(page) {
  await page.evaluate(() => {
    const button = document.createElement("button");
    button.id = "popup-signin";
    button.onclick = () => {
      window.__popup = window.__e2e.client.signinPopup().then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error: window.__e2e.plainError(error) }),
      );
    };
    document.body.append(button);
  });
  const popupOpened = page.waitForEvent("popup", { timeout: 10_000 });
  await page.click("#popup-signin");
  const popup = await popupOpened;
  await page.waitForFunction(() => window.__popup !== undefined, null, { timeout: 20_000 });
  return { popup, result: await page.evaluate(() => window.__popup) };
}

test("dpop: removeSession() settles and signoutRedirect() leaves only once the key pair's deletion is committed", async ({ page }) => {
  const options = dpopOptions({ postLogoutRedirectUri: `${APP_ORIGIN}/signed-out` });
  await signInLive(page, options);
  await holdKeyStore(page, 600);
  const order = await page.evaluate(async () => {
    await window.__e2e.client.removeSession();
    window.__note("settled");
    return sessionStorage.getItem("__order");
  });
  assert.equal(order, "deleted;settled;", "removeSession() settled before the delete was committed");

  await signInLive(page, options);
  await holdKeyStore(page, 600);
  const landed = page.waitForURL((url) => url.href.startsWith(`${APP_ORIGIN}/signed-out`), { timeout: 20_000 });
  await page.evaluate(() => void window.__e2e.client.signoutRedirect()).catch(() => {});
  await landed;
  const left = await page.evaluate(() => sessionStorage.getItem("__order"));
  assert.equal(left, "deleted;left;", "signoutRedirect() left the page before the delete was committed");
  await assertNoKeyPair(page, "after signoutRedirect()");
});

test("dpop: a key store held past the library's deadline: removeSession() still settles (the delete commits later), sign-in fails with storage_error", async ({ page }) => {
  // IndexedDB queues the library's transaction behind the page's own for as long as that
  // one runs; the library gives up on it after its deadline (4 s, src/browser/idb.rs).
  const HOLD_MS = 7000;
  const options = dpopOptions();
  await signInLive(page, options);
  await holdKeyStore(page, HOLD_MS);
  const order = await page.evaluate(async () => {
    await window.__e2e.client.removeSession();
    window.__note("settled");
    return sessionStorage.getItem("__order");
  });
  assert.equal(order, "settled;", "removeSession() waited for the held store (or the delete did not wait for it)");
  assert.equal(await clientCall(page, "getSession").then((r) => expectOk(r, "getSession")), null, "the session is gone");
  // The given-up delete was not undone: once the store is free, it commits.
  await page.waitForFunction(() => sessionStorage.getItem("__order") === "settled;deleted;", null, { timeout: HOLD_MS + 10_000 });
  await assertNoKeyPair(page, "once the store was free again");

  // The key pair is read before the sign-in URL is made: a held store fails the sign-in,
  // which writes nothing and leaves the page where it is.
  await holdKeyStore(page, HOLD_MS);
  const failed = await page.evaluate(async () => {
    try {
      await window.__e2e.client.signinRedirect();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: window.__e2e.plainError(err), pending: Object.keys(sessionStorage).filter((k) => k.startsWith("oidc-wasm:tx:")) };
    }
  });
  assert.equal(failed.ok, false, "signinRedirect went on without the key pair");
  assert.equal(failed.error.code, "storage_error", JSON.stringify(failed.error));
  assert.match(failed.error.message, /did not answer in 4 s/, "the message names the deadline");
  assert.equal(failed.error.isError, true);
  assert.deepEqual(failed.pending, [], "a pending sign-in was left in sessionStorage");
  assert.equal(new URL(page.url()).origin, APP_ORIGIN, "the page left for the provider");
});

test("dpop: signinPopup with the key store held past the deadline rejects with storage_error and closes its popup", async ({ page, op }) => {
  // The popup opens blank inside the click; the key pair is read after it. When that read
  // fails, the sign-in ends before the wait for the provider's answer: the popup must close.
  const HOLD_MS = 7000;
  await openApp(page, "/");
  await startClient(page, dpopOptions({ popupRedirectUri: SILENT_URL }));
  // removeSession() deletes the (absent) key pair: the library makes its database and store.
  expectOk(await clientCall(page, "removeSession"), "removeSession");
  await holdKeyStore(page, HOLD_MS);
  const { popup, result } = await signinPopupByClick(page);
  assert.equal(result.ok, false, "signinPopup went on without the key pair");
  assert.equal(result.error.code, "storage_error", JSON.stringify(result.error));
  if (!popup.isClosed()) await popup.waitForEvent("close", { timeout: 2_000 }).catch(() => {});
  assert.equal(popup.isClosed(), true, "the popup stayed open after the sign-in failed");
  assert.equal(op.stats.counts.requests["/auth"] ?? 0, 0, "the popup went on to the provider");
});

test("dpop: storage memory keeps the key out of IndexedDB, and it still binds and signs", async ({ page, op, log }) => {
  await withApi({}, async (api) => {
    // The key made for signinRedirect's dpop_jkt must be the one that signs on the callback page.
    const session = await signInLive(page, dpopOptions({ storage: "memory" })).finally(() => {
      const { authJkt, proofs } = op.stats.counts.dpop;
      log(`dpop_jkt on /auth: ${JSON.stringify(authJkt)}; token request proof keys: ${JSON.stringify(proofs.map((p) => p.jkt))}`);
    });
    await assertNoKeyPair(page, "storage memory");
    const [proof] = proofsTo(op, "/token");
    assert.ok(proof, "the token request carried a proof");
    assert.equal((await introspect(session.accessToken)).body.cnf?.jkt, proof.jkt);
    const res = expectOk(await clientFetch(page, api.apiUrl), "client.fetch");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.jkt, proof.jkt, "the API call is signed with the key the token is bound to");
    assert.equal(session.tokenType, "DPoP");
  });
});

test("dpop: signinPopup binds the code with dpop_jkt, also with storage memory (the page stays)", async ({ page, op }) => {
  await withApi({}, async (api) => {
    await openApp(page, "/");
    await startClient(page, dpopOptions({ storage: "memory", popupRedirectUri: SILENT_URL }));
    const session = expectOk((await signinPopupByClick(page)).result, "signinPopup");
    assert.equal(session.claims.sub, "user-1");

    const jkt = boundJkt(op);
    assert.deepEqual(op.stats.counts.dpop.authJkt, [jkt], "the popup's /auth carried dpop_jkt of the key that then signed");
    assert.equal((await introspect(session.accessToken)).body.cnf?.jkt, jkt);
    await assertNoKeyPair(page, "storage memory");
    const res = expectOk(await clientFetch(page, api.apiUrl), "client.fetch");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.jkt, jkt);
    assert.equal(session.tokenType, "DPoP");
  });
});

test("dpop: a provider and an API that demand nonces: one use_dpop_nonce round trip each, then remembered", async ({ page }) => {
  await withNonceProvider(async (op) => {
    await withApi({ issuer: DPOP_OP_ISSUER, requireNonce: true }, async (api) => {
      const options = dpopOptions({ authority: DPOP_OP_ISSUER });
      const session = await signInLive(page, options);
      const jkt = boundJkt(op);
      const tokenProofs = proofsTo(op, "/token");
      assertProofsOf(tokenProofs, jkt, DPOP_OP_ISSUER, "token requests");
      assert.deepEqual(tokenProofs.map((p) => [p.status, p.error, p.nonce !== null]),
        [[400, "use_dpop_nonce", false], [200, null, true]], "one retry, with the nonce");
      assert.equal((await introspect(session.accessToken, { issuer: DPOP_OP_ISSUER })).body.cnf?.jkt, jkt);

      const first = expectOk(await clientFetch(page, api.apiUrl), "client.fetch #1");
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.sub, "user-1");
      assert.deepEqual(api.stats().requests.map((r) => [r.status, r.error, r.nonce]),
        [[401, "use_dpop_nonce", false], [200, null, true]], "one retry, with the API's nonce");

      const second = expectOk(await clientFetch(page, api.apiUrl), "client.fetch #2");
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.deepEqual(api.stats().requests.slice(2).map((r) => [r.status, r.error, r.nonce]), [[200, null, true]],
        "the API's nonce was remembered: no retry");
      assert.equal(api.stats().useDpopNonce, 1);

      // The provider's nonce, learnt at its token endpoint, serves its userinfo too.
      const profile = expectOk(await clientCall(page, "getUserInfo"), "getUserInfo");
      assert.equal(profile.sub, "user-1");
      assert.deepEqual(proofsTo(op, "/me").map((p) => [p.status, p.error, p.nonce !== null]), [[200, null, true]],
        "userinfo with the provider's remembered nonce: no retry");
      assert.equal(session.tokenType, "DPoP");
    });
  });
});

test("dpop: two tabs making the first key pair at once end up with one key, the stored one", async ({ page }) => {
  // Two tabs of one app, no key pair yet: each asks IndexedDB, finds none and makes one.
  // Only one may be kept, and both tabs must then use it: a tab left with a key of its own
  // would send a dpop_jkt (and sign proofs) of a key the store no longer holds.
  const other = await page.context().newPage();
  try {
    const tabs = [page, other];
    for (const tab of tabs) await openApp(tab, "/");
    for (let round = 0; round < 3; round += 1) {
      // No key pair anywhere: none stored, and new clients hold none in memory.
      await page.evaluate(() => new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase("oidc-wasm");
        request.onsuccess = resolve;
        request.onerror = () => reject(request.error);
      }));
      for (const tab of tabs) await startClient(tab, dpopOptions());
      // Both tabs start on one BroadcastChannel message, so that their IndexedDB reads
      // run before either writes (the race).
      await Promise.all(tabs.map((tab) => tab.evaluate(() => {
        window.__go = new Promise((resolve) => {
          const channel = new BroadcastChannel("e2e-go");
          channel.onmessage = () => resolve(channel.close());
        });
      })));
      const urls = tabs.map((tab) => tab.evaluate(async () => {
        await window.__go;
        return window.__e2e.client.createSigninUrl();
      }));
      await page.evaluate(() => new BroadcastChannel("e2e-go").postMessage("go"));
      const jkts = (await Promise.all(urls)).map((url) => new URL(url).searchParams.get("dpop_jkt"));
      const stored = await theKeyPair(page);
      assert.deepEqual(jkts, [stored.jkt, stored.jkt], `round ${round}: each tab's dpop_jkt is the stored key's`);
    }
  } finally {
    await other.close();
  }
});
