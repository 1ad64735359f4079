// Checks of the misbehaving provider itself (provider/bad-op.mjs), from Node:
// each mode must break exactly what it says and nothing else, or the negative
// tests of the library would prove nothing.

import assert from "node:assert/strict";
import { createHmac, createPublicKey } from "node:crypto";

import { BAD_OP_ISSUER, test } from "./harness.mjs";
import { decodeJwt, verifyWithJwks } from "./jwt.mjs";
import { authorize, jwks, redeemCode } from "./op-flows.mjs";

const ISSUER = BAD_OP_ISSUER;

async function run(badOp, mode) {
  badOp.setMode(mode);
  const flow = await authorize({ issuer: ISSUER });
  const tokens = flow.params.get("code") ? await redeemCode(flow, {}, ISSUER) : null;
  return { flow, tokens, keys: await jwks(ISSUER) };
}

function claimsOf(tokens) {
  return decodeJwt(tokens.body.id_token).payload;
}

test("bad-op: mode ok is a valid flow (PKCE checked, nonce echoed, iss param)", async ({ badOp }) => {
  const { flow, tokens, keys } = await run(badOp, "ok");
  assert.equal(flow.params.get("iss"), ISSUER);
  assert.equal(flow.params.get("state"), flow.state);
  assert.equal(tokens.status, 200);
  assert.equal(tokens.body.token_type, "Bearer");
  assert.equal(tokens.body.expires_in, 300);
  assert.ok(verifyWithJwks(tokens.body.id_token, keys));
  const claims = claimsOf(tokens);
  assert.equal(claims.iss, ISSUER);
  assert.equal(claims.aud, "spa");
  assert.equal(claims.sub, "user-1");
  assert.equal(claims.nonce, flow.nonce);
  assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 5);
  assert.equal(claims.exp, claims.iat + 300);
  assert.deepEqual(badOp.lastIssued(), {
    accessToken: tokens.body.access_token,
    idToken: tokens.body.id_token,
    tokenType: "Bearer",
    dpopJkt: null,
    proofJkt: null,
  });

  const again = await redeemCode(flow, {}, ISSUER);
  assert.equal(again.body.error, "invalid_grant", "a code works once");
  const info = await fetch(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
  assert.equal((await info.json()).sub, "user-1");
});

test("bad-op: wrong PKCE verifier is refused", async ({ badOp }) => {
  badOp.setMode("ok");
  const flow = await authorize({ issuer: ISSUER });
  const res = await redeemCode({ ...flow, pkce: { verifier: "x".repeat(43) } }, {}, ISSUER);
  assert.equal(res.status, 400);
  assert.equal(res.body.error, "invalid_grant");
});

test("bad-op: es256 mode signs a valid ES256 token", async ({ badOp }) => {
  const { tokens, keys } = await run(badOp, "es256");
  assert.equal(decodeJwt(tokens.body.id_token).header.alg, "ES256");
  assert.ok(verifyWithJwks(tokens.body.id_token, keys));
});

test("bad-op: signature modes", async ({ badOp }) => {
  const bad = await run(badOp, "bad_signature");
  assert.equal(claimsOf(bad.tokens).sub, "user-1");
  assert.equal(verifyWithJwks(bad.tokens.body.id_token, bad.keys), false);

  const tampered = await run(badOp, "tampered_payload");
  assert.equal(claimsOf(tampered.tokens).sub, "user-2");
  assert.equal(verifyWithJwks(tampered.tokens.body.id_token, tampered.keys), false);

  const none = await run(badOp, "alg_none");
  assert.equal(decodeJwt(none.tokens.body.id_token).header.alg, "none");
  assert.match(none.tokens.body.id_token, /\.$/);

  const hs = await run(badOp, "hs256_public_key");
  const [h, p, s] = hs.tokens.body.id_token.split(".");
  assert.equal(decodeJwt(hs.tokens.body.id_token).header.alg, "HS256");
  const rsa = hs.keys.keys.find((k) => k.kid === "bad-1");
  const pem = createPublicKey({ key: rsa, format: "jwk" }).export({ type: "spki", format: "pem" });
  assert.equal(createHmac("sha256", pem).update(`${h}.${p}`).digest("base64url"), s, "MACed with the public key's PEM");

  badOp.resetStats();
  const stray = await run(badOp, "unknown_kid");
  const { kid } = decodeJwt(stray.tokens.body.id_token).header;
  assert.ok(!stray.keys.keys.some((k) => k.kid === kid), "kid absent from the JWKS");
  assert.equal(badOp.stats().jwks, 1, "our JWKS fetch was counted");
});

test("bad-op: claim modes change one claim each", async ({ badOp }) => {
  const now = Date.now() / 1000;
  const cases = {
    wrong_iss: (c) => assert.equal(c.iss, "http://evil.example"),
    wrong_aud: (c) => assert.equal(c.aud, "someone-else"),
    expired: (c) => assert.ok(c.exp < now - 3000 && c.iat < now - 7000),
    future_iat: (c) => assert.ok(c.iat > now + 3000),
    wrong_nonce: (c, flow) => assert.notEqual(c.nonce, flow.nonce),
    missing_sub: (c) => assert.equal("sub" in c, false),
  };
  for (const [mode, check] of Object.entries(cases)) {
    const { flow, tokens, keys } = await run(badOp, mode);
    assert.ok(verifyWithJwks(tokens.body.id_token, keys), `${mode}: signature still valid`);
    check(claimsOf(tokens), flow);
  }
});

test("bad-op: callback and token endpoint modes", async ({ badOp }) => {
  assert.equal((await run(badOp, "wrong_iss_param")).flow.params.get("iss"), "http://evil.example");
  assert.equal((await run(badOp, "missing_iss_param")).flow.params.has("iss"), false);

  const denied = await run(badOp, "access_denied");
  assert.equal(denied.flow.params.get("error"), "access_denied");
  assert.equal(denied.flow.params.get("state"), denied.flow.state);
  assert.equal(denied.flow.params.get("iss"), ISSUER);
  assert.equal(denied.flow.params.has("code"), false);

  const error = await run(badOp, "token_error");
  assert.equal(error.tokens.status, 400);
  assert.equal(error.tokens.body.error, "invalid_grant");
  assert.equal((await run(badOp, "not_bearer")).tokens.body.token_type, "mac");
  assert.equal((await run(badOp, "no_id_token")).tokens.body.id_token, undefined);

  const wrongSub = await run(badOp, "userinfo_wrong_sub");
  assert.equal(claimsOf(wrongSub.tokens).sub, "user-1");
  const info = await fetch(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${wrongSub.tokens.body.access_token}` } });
  assert.equal((await info.json()).sub, "user-2");
});

test("bad-op: mode and stats over HTTP, CORS for the app", async ({ badOp, appOrigin }) => {
  assert.equal((await fetch(`${ISSUER}/__mode?m=expired`)).status, 200);
  assert.equal(badOp.mode, "expired");
  await fetch(`${ISSUER}/__mode`, { method: "POST", body: "wrong_aud" });
  assert.equal(badOp.mode, "wrong_aud");
  assert.equal((await fetch(`${ISSUER}/__mode?m=nonsense`)).status, 400);
  assert.equal(badOp.mode, "wrong_aud");

  await fetch(`${ISSUER}/__stats/reset`, { method: "POST" });
  await fetch(`${ISSUER}/jwks`);
  assert.deepEqual(await (await fetch(`${ISSUER}/__stats`)).json(),
    { discovery: 0, jwks: 1, authorize: 0, token: 0, userinfo: 0 });

  const preflight = await fetch(`${ISSUER}/userinfo`, {
    method: "OPTIONS",
    headers: { origin: appOrigin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
  });
  assert.equal(preflight.headers.get("access-control-allow-origin"), appOrigin);
  assert.match(preflight.headers.get("access-control-allow-headers"), /Authorization/);
  const meta = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();
  assert.equal(meta.authorization_response_iss_parameter_supported, true);
});
