// Checks of the local oidc-provider itself (provider/op.mjs), from Node: the
// e2e tests of the library rely on these behaviours.

import assert from "node:assert/strict";

import { APP_ORIGIN, OP_ISSUER, test } from "./harness.mjs";
import { decodeJwt, verifyWithJwks } from "./jwt.mjs";
import {
  authorize, basicAuth, clientCredentials, discovery, introspect, jwks, redeemCode, tokenRequest,
} from "./op-flows.mjs";

test("op: discovery advertises the endpoints and RFC 9207 iss", async () => {
  const meta = await discovery();
  assert.equal(meta.issuer, OP_ISSUER);
  assert.equal(meta.authorization_response_iss_parameter_supported, true);
  for (const key of ["end_session_endpoint", "revocation_endpoint", "introspection_endpoint", "userinfo_endpoint"]) {
    assert.ok(meta[key].startsWith(`${OP_ISSUER}/`), `${key}: ${meta[key]}`);
  }
  assert.deepEqual(meta.code_challenge_methods_supported, ["S256"]);
  const keys = await jwks();
  assert.deepEqual(keys.keys.map((k) => [k.kid, k.alg]), [["rs-1", "RS256"], ["es-1", "ES256"]]);
  assert.ok(keys.keys.every((k) => k.d === undefined), "no private parts in the JWKS");
});

test("op: code flow with PKCE, auto login, RS256 ID token, userinfo", async (t) => {
  const flow = await authorize();
  assert.equal(flow.callback.pathname, "/callback");
  assert.equal(flow.params.get("state"), flow.state);
  assert.equal(flow.params.get("iss"), OP_ISSUER);
  const { status, body, headers } = await redeemCode(flow);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.expires_in, 3600);
  assert.equal(body.refresh_token, undefined, "no refresh token without offline_access");
  assert.equal(headers.get("cache-control"), "no-store");

  const { header, payload } = decodeJwt(body.id_token);
  assert.equal(header.alg, "RS256");
  assert.equal(header.kid, "rs-1");
  assert.ok(verifyWithJwks(body.id_token, await jwks()));
  assert.equal(payload.iss, OP_ISSUER);
  assert.equal(payload.aud, "spa");
  assert.equal(payload.sub, "user-1");
  assert.equal(payload.nonce, flow.nonce);

  const userinfo = await fetch(`${OP_ISSUER}/me`, {
    headers: { authorization: `Bearer ${body.access_token}`, origin: APP_ORIGIN },
  });
  assert.equal(userinfo.headers.get("access-control-allow-origin"), APP_ORIGIN);
  assert.deepEqual(await userinfo.json(), {
    sub: "user-1",
    name: "Ada Lovelace",
    given_name: "Ada",
    family_name: "Lovelace",
    email: "ada@example.com",
    email_verified: true,
  });
  assert.deepEqual(t.op.stats.counts.token.byClient, { spa: { authorization_code: 1 } });
});

test("op: a code works once and only with its verifier", async () => {
  const flow = await authorize();
  const wrong = await redeemCode({ ...flow, pkce: { verifier: "x".repeat(43) } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error, "invalid_grant");
  assert.equal((await redeemCode(flow)).status, 200);
  const again = await redeemCode(flow);
  assert.equal(again.status, 400);
  assert.equal(again.body.error, "invalid_grant");
});

test("op: PKCE is required", async () => {
  const res = await fetch(`${OP_ISSUER}/auth?${new URLSearchParams({
    client_id: "spa", response_type: "code", redirect_uri: `${APP_ORIGIN}/callback`, scope: "openid", state: "s",
  })}`, { redirect: "manual" });
  const location = new URL(res.headers.get("location"));
  assert.equal(location.searchParams.get("error"), "invalid_request");
  assert.match(location.searchParams.get("error_description"), /PKCE/);
});

test("op: spa-es256 gets ES256 ID tokens", async () => {
  const flow = await authorize({ clientId: "spa-es256" });
  const { body } = await redeemCode(flow, { clientId: "spa-es256" });
  const { header, payload } = decodeJwt(body.id_token);
  assert.equal(header.alg, "ES256");
  assert.equal(header.kid, "es-1");
  assert.equal(payload.aud, "spa-es256");
  assert.ok(verifyWithJwks(body.id_token, await jwks()));
});

test("op: offline_access with prompt=consent gives a rotating refresh token", async (t) => {
  const flow = await authorize({ scope: "openid offline_access", extra: { prompt: "consent" } });
  const first = await redeemCode(flow);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(typeof first.body.refresh_token, "string");
  assert.match(first.body.scope, /offline_access/);

  const refresh = (token) => tokenRequest({ grant_type: "refresh_token", refresh_token: token, client_id: "spa" });
  const second = await refresh(first.body.refresh_token);
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.notEqual(second.body.refresh_token, first.body.refresh_token, "rotated");
  assert.equal(decodeJwt(second.body.id_token).payload.sub, "user-1");
  const reused = await refresh(first.body.refresh_token);
  assert.equal(reused.body.error, "invalid_grant", "a rotated refresh token is spent");

  assert.deepEqual(t.op.stats.counts.token.byGrantType, { authorization_code: 1, refresh_token: 2 });
  assert.equal(t.op.stats.counts.token.errors, 1);

  const over = await fetch(`${OP_ISSUER}/__stats`).then((r) => r.json());
  assert.deepEqual(over.token.byClient.spa, { authorization_code: 1, refresh_token: 2 });
  assert.equal((await fetch(`${OP_ISSUER}/__stats/reset`, { method: "POST" })).status, 204);
  assert.equal(t.op.stats.counts.token.total, 0);
});

test("op: offline_access without prompt=consent is dropped", async () => {
  const flow = await authorize({ scope: "openid offline_access" });
  const { body } = await redeemCode(flow);
  assert.equal(body.refresh_token, undefined);
});

test("op: prompt=none answers with a code when signed in, login_required when not", async () => {
  const signedIn = await authorize();
  const silent = await authorize({
    agent: signedIn.agent,
    redirectUri: `${APP_ORIGIN}/silent.html`,
    extra: { prompt: "none" },
  });
  assert.equal(silent.callback.pathname, "/silent.html");
  assert.ok(silent.params.get("code"), silent.callback.href);

  const stranger = await authorize({ redirectUri: `${APP_ORIGIN}/silent.html`, extra: { prompt: "none" } });
  assert.equal(stranger.params.get("error"), "login_required");
  assert.equal(stranger.params.get("iss"), OP_ISSUER);
});

test("op: client credentials for m2m and m2m-odd (form-encoded Basic)", async (t) => {
  const m2m = await clientCredentials("m2m", "m2m-secret");
  assert.equal(m2m.status, 200, JSON.stringify(m2m.body));
  assert.equal(m2m.body.token_type, "Bearer");
  assert.equal(m2m.body.scope, "api:read");

  const odd = await clientCredentials("m2m-odd", "p@ss:w%rd+ &=");
  assert.equal(odd.status, 200, JSON.stringify(odd.body));

  const raw = await tokenRequest(
    { grant_type: "client_credentials", scope: "api:read" },
    { headers: { authorization: `Basic ${Buffer.from("m2m-odd:p@ss:w%rd+ &=").toString("base64")}` } },
  );
  assert.equal(raw.status, 400, "an unencoded secret must not pass");

  const wrong = await clientCredentials("m2m", "nope");
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, "invalid_client");
  assert.deepEqual(t.op.stats.counts.token.byClient.m2m, { client_credentials: 2 });
});

test("op: introspection by m2m, revocation by the spa", async () => {
  const m2m = await clientCredentials("m2m", "m2m-secret");
  const own = await introspect(m2m.body.access_token);
  assert.equal(own.body.active, true);
  assert.equal(own.body.client_id, "m2m");
  assert.equal(own.body.aud, "urn:oidc-wasm:test-api");

  const flow = await authorize();
  const { body } = await redeemCode(flow);
  const before = await introspect(body.access_token);
  assert.equal(before.body.active, true);
  assert.equal(before.body.sub, "user-1");

  const revoked = await fetch(`${OP_ISSUER}/token/revocation`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: APP_ORIGIN },
    body: new URLSearchParams({ token: body.access_token, token_type_hint: "access_token", client_id: "spa" }),
  });
  assert.equal(revoked.status, 200);
  assert.equal(revoked.headers.get("access-control-allow-origin"), APP_ORIGIN);
  assert.equal((await introspect(body.access_token)).body.active, false);
});

test("op: CORS only for the app's origin", async () => {
  const preflight = (origin) => fetch(`${OP_ISSUER}/token`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  assert.equal((await preflight(APP_ORIGIN)).headers.get("access-control-allow-origin"), APP_ORIGIN);
  const other = await fetch(`${OP_ISSUER}/token`, {
    method: "POST",
    headers: { origin: "http://localhost:7777", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "x", client_id: "spa" }),
  });
  assert.equal(other.headers.get("access-control-allow-origin"), null);
});

test("op: basicAuth helper form-encodes", () => {
  const decoded = Buffer.from(basicAuth("m2m-odd", "p@ss:w%rd+ &=").slice(6), "base64").toString();
  assert.equal(decoded, "m2m-odd:p%40ss%3Aw%25rd%2B+%26%3D");
});
