// Userinfo, logout and revocation (issue 4) against the real provider
// (OP_ISSUER) and, for userinfo answers about another user or signed as a JWT, the
// misbehaving one.

import assert from "node:assert/strict";

import {
  badOpOptions, expectError, expectOk, signIn, spaOptions, waitForLibrary,
} from "./app-driver.mjs";
import { APP_ORIGIN, BAD_OP_ISSUER, OP_ISSUER, test } from "./harness.mjs";
import {
  clientCall, iframeCount, patchStoredSession, persistedEvents, recordedEvents, signInLive, startClient,
  storedSession,
} from "./live-client.mjs";
import { clientCredentials, introspect } from "./op-flows.mjs";

const SILENT_URL = `${APP_ORIGIN}/silent.html`;
const SIGNED_OUT_URL = `${APP_ORIGIN}/signed-out`;

function accountOptions(extra = {}) {
  return spaOptions({ silentRedirectUri: SILENT_URL, scope: "openid profile email", ...extra });
}

// ---------------------------------------------------------------- userinfo

test("account: getUserInfo() returns the user's claims", async ({ page, op }) => {
  const session = await signInLive(page, accountOptions());
  op.stats.reset();
  const info = expectOk(await clientCall(page, "getUserInfo"), "getUserInfo");
  assert.equal(info.sub, "user-1");
  assert.equal(info.name, "Ada Lovelace");
  assert.equal(info.email, "ada@example.com");
  assert.equal(info.email_verified, true);
  // (the stats count the CORS preflight of the Authorization header too)
  assert.ok(op.stats.counts.requests["/me"] >= 1, "the userinfo endpoint was asked");
  assert.equal(session.profile.email, undefined, "loadUserInfo off: the profile is the ID token's claims only");
});

test("account: loadUserInfo puts the userinfo claims in session.profile, after sign-in and renew", async ({ page }) => {
  const options = accountOptions({ loadUserInfo: true });
  const session = await signInLive(page, options);
  const check = (profile, what) => {
    assert.equal(profile.name, "Ada Lovelace", `${what}: name`);
    assert.equal(profile.email, "ada@example.com", `${what}: email`);
    assert.equal(profile.family_name, "Lovelace", `${what}: family_name`);
    assert.equal(profile.sub, "user-1", `${what}: sub`);
    assert.equal(profile.iss, OP_ISSUER, `${what}: iss from the ID token`);
    assert.equal(profile.aud, "spa", `${what}: aud from the ID token`);
  };
  check(session.profile, "after sign-in");
  assert.equal(session.claims.email, undefined, "claims stay the ID token's own");
  check(expectOk(await clientCall(page, "getSession")).profile, "stored session");

  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  check(renewed.profile, "after renew");
  const event = (await recordedEvents(page, "renewed")).at(-1);
  check(event.profile, "`renewed` payload");
});

test("account: a broken access token is refused by userinfo (oauth_error invalid_token)", async ({ page, op }) => {
  await signInLive(page, accountOptions());
  await patchStoredSession(page, { accessToken: "not-a-token-this-provider-issued" });
  op.stats.reset();
  const refused = expectError(await clientCall(page, "getUserInfo"), "oauth_error", "getUserInfo");
  assert.equal(refused.error, "invalid_token", JSON.stringify(refused));
  assert.ok(op.stats.counts.requests["/me"] >= 1, "the provider was asked");
});

test("account: a foreign access token (client credentials, for an API) is refused by userinfo", async ({ page }) => {
  await signInLive(page, accountOptions());
  const m2m = await clientCredentials("m2m", "m2m-secret");
  assert.equal(m2m.status, 200, JSON.stringify(m2m.body));
  await patchStoredSession(page, { accessToken: m2m.body.access_token });
  const refused = expectError(await clientCall(page, "getUserInfo"), "oauth_error", "getUserInfo");
  assert.equal(refused.error, "invalid_token", JSON.stringify(refused));
});

test("account: userinfo about another user -> sub_mismatch (bad-op userinfo_wrong_sub)", async ({ page, badOp }) => {
  await signInLive(page, badOpOptions());
  badOp.setMode("userinfo_wrong_sub");
  badOp.resetStats();
  expectError(await clientCall(page, "getUserInfo"), "sub_mismatch", "getUserInfo");
  assert.equal(badOp.stats().userinfo, 1);
});

test("account: a signed userinfo answer (application/jwt) is verified before it is used", async ({ page, badOp }) => {
  await signInLive(page, badOpOptions());
  badOp.setMode("userinfo_signed");
  const claims = expectOk(await clientCall(page, "getUserInfo"), "getUserInfo");
  assert.equal(claims.sub, "user-1");
  assert.equal(claims.email, "ada@example.com");
  assert.equal(claims.iss, BAD_OP_ISSUER);

  badOp.setMode("userinfo_signed_bad_signature");
  expectError(await clientCall(page, "getUserInfo"), "invalid_signature", "broken signature");
  badOp.setMode("userinfo_signed_wrong_aud");
  expectError(await clientCall(page, "getUserInfo"), "aud_mismatch", "for another client");
});

test("account: getUserInfo() without a session rejects", async ({ page }) => {
  await page.goto(`${APP_ORIGIN}/`);
  await waitForLibrary(page);
  await startClient(page, accountOptions());
  const result = await clientCall(page, "getUserInfo");
  assert.equal(result.ok, false, "rejected");
  assert.equal(result.error.isError, true);
  assert.equal(typeof result.error.code, "string", JSON.stringify(result.error));
});

// ------------------------------------------------------------------ logout

test("account: createSignoutUrl() carries id_token_hint, client_id, post_logout_redirect_uri, state", async ({ page }) => {
  const session = await signInLive(page, accountOptions({ postLogoutRedirectUri: `${APP_ORIGIN}/` }));
  const meta = await (await fetch(`${OP_ISSUER}/.well-known/openid-configuration`)).json();

  const url = new URL(expectOk(await clientCall(page, "createSignoutUrl", {
    postLogoutRedirectUri: SIGNED_OUT_URL,
    state: "s-123",
  }), "createSignoutUrl"));
  assert.equal(`${url.origin}${url.pathname}`, meta.end_session_endpoint);
  assert.equal(url.searchParams.get("id_token_hint"), session.idToken);
  assert.equal(url.searchParams.get("client_id"), "spa");
  assert.equal(url.searchParams.get("post_logout_redirect_uri"), SIGNED_OUT_URL);
  assert.equal(url.searchParams.get("state"), "s-123");
  assert.equal(url.searchParams.get("access_token"), null);

  const byDefault = new URL(expectOk(await clientCall(page, "createSignoutUrl", {}), "createSignoutUrl({})"));
  assert.equal(byDefault.searchParams.get("post_logout_redirect_uri"), `${APP_ORIGIN}/`, "the client's postLogoutRedirectUri");
});

test("account: signoutRedirect() ends the provider session and lands on the post-logout URI", async ({ page, op }) => {
  const options = accountOptions();
  const session = await signInLive(page, options);
  const endSession = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${OP_ISSUER}/session/end`)) endSession.push({ url: request.url(), at: Date.now() });
  });

  const landed = page.waitForURL((url) => url.href.startsWith(`${SIGNED_OUT_URL}?`), { timeout: 20_000 });
  landed.catch(() => {});
  const started = page
    .evaluate(async () => {
      try {
        await window.__e2e.client.signoutRedirect({
          postLogoutRedirectUri: `${location.origin}/signed-out`,
          state: "s-123",
        });
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

  const back = new URL(page.url());
  assert.equal(back.searchParams.get("state"), "s-123", page.url());

  assert.ok(endSession.length >= 1, "the browser went to the end_session endpoint");
  const request = new URL(endSession[0].url);
  assert.equal(request.searchParams.get("id_token_hint"), session.idToken);
  assert.equal(request.searchParams.get("client_id"), "spa");
  assert.equal(request.searchParams.get("post_logout_redirect_uri"), SIGNED_OUT_URL);
  assert.equal(request.searchParams.get("state"), "s-123");

  await waitForLibrary(page);
  const events = await persistedEvents(page);
  const signedOut = events.filter((e) => e.name === "signed_out");
  assert.equal(signedOut.length, 1, `signed_out once before leaving: ${JSON.stringify(events)}`);
  assert.ok(signedOut[0].at <= endSession[0].at, "signed_out came before the navigation");
  assert.equal(signedOut[0].sessionStored, false, "the session was already removed when signed_out fired");

  await startClient(page, options);
  assert.equal(expectOk(await clientCall(page, "getSession")), null, "no local session");
  assert.equal(await storedSession(page), null, "nothing stored");

  op.stats.reset();
  const refused = expectError(await clientCall(page, "signinSilent"), "oauth_error", "signinSilent after logout");
  assert.equal(refused.error, "login_required", JSON.stringify(refused));
  assert.equal(await iframeCount(page), 0);
});

test("account: signoutRedirect() without an end_session_endpoint -> unsupported, signed out locally", async ({ page, badOp }) => {
  await signInLive(page, badOpOptions());
  badOp.resetStats();
  const before = page.url();
  const error = expectError(await clientCall(page, "signoutRedirect", { state: "x" }), "unsupported", "signoutRedirect");
  assert.equal(error.isError, true);
  assert.equal(page.url(), before, "no navigation");
  assert.equal(expectOk(await clientCall(page, "getSession")), null, "the local session is gone");
  assert.equal(await storedSession(page), null);
  assert.equal((await recordedEvents(page, "signed_out")).length, 1, "signed_out emitted");
});

// -------------------------------------------------------------- revocation

test("account: revoke() revokes the access and refresh tokens, then removes the session", async ({ page, op }) => {
  const options = accountOptions({ scope: "openid profile offline_access" });
  const session = await signInLive(page, options, { prompt: "consent" });
  assert.equal(typeof session.refreshToken, "string", "offline_access with prompt=consent");
  assert.equal((await introspect(session.accessToken)).body.active, true, "access token active before");
  assert.equal((await introspect(session.refreshToken)).body.active, true, "refresh token active before");

  const revocations = [];
  page.on("request", (request) => {
    if (request.url() === `${OP_ISSUER}/token/revocation` && request.method() === "POST") {
      revocations.push(new URLSearchParams(request.postData() ?? ""));
    }
  });
  op.stats.reset();
  expectOk(await clientCall(page, "revoke"), "revoke()");

  assert.equal((await introspect(session.accessToken)).body.active, false, "access token revoked");
  assert.equal((await introspect(session.refreshToken)).body.active, false, "refresh token revoked");
  assert.equal(op.stats.counts.requests["/token/revocation"], 2, "two revocation requests");
  assert.deepEqual(
    revocations.map((form) => form.get("token")),
    [session.accessToken, session.refreshToken],
    "the access token first, then the refresh token",
  );
  for (const form of revocations) assert.equal(form.get("client_id"), "spa", "a public client names itself");

  assert.equal(expectOk(await clientCall(page, "getSession")), null, "session gone");
  assert.equal(await storedSession(page), null, "nothing stored");
  assert.equal((await recordedEvents(page, "signed_out")).length, 1, "signed_out emitted");
});

test("account: revoke() without a refresh token revokes the access token only", async ({ page, op }) => {
  const session = await signInLive(page, accountOptions());
  op.stats.reset();
  expectOk(await clientCall(page, "revoke"), "revoke()");
  assert.equal((await introspect(session.accessToken)).body.active, false, "access token revoked");
  assert.equal(op.stats.counts.requests["/token/revocation"], 1);
  assert.equal(expectOk(await clientCall(page, "getSession")), null, "session gone");
});

test("account: revoke(token, hint) revokes that token and leaves the session", async ({ page }) => {
  const session = await signInLive(page, accountOptions());
  expectOk(await clientCall(page, "revoke", session.accessToken, "access_token"), "revoke(token, hint)");
  assert.equal((await introspect(session.accessToken)).body.active, false, "the token is revoked");
  const kept = expectOk(await clientCall(page, "getSession"));
  assert.equal(kept?.accessToken, session.accessToken, "the session is untouched");
  assert.ok(await storedSession(page), "still stored");
  assert.deepEqual(await recordedEvents(page, "signed_out"), [], "no signed_out");

  expectOk(await clientCall(page, "revoke", "a-token-the-provider-never-issued", "access_token"), "unknown token");
  expectOk(await clientCall(page, "revoke", "another-unknown-token"), "unknown token without hint");
});

test("account: revoke() from a client created after the sign-in (e.g. after a reload)", async ({ page }) => {
  // Signed in by another client instance; this one finds the session in storage.
  const { session } = await signIn(page, accountOptions({ automaticSilentRenew: false }));
  await startClient(page, accountOptions({ automaticSilentRenew: false }));
  expectOk(await clientCall(page, "revoke"), "revoke()");
  assert.equal((await introspect(session.accessToken)).body.active, false);
  assert.equal(expectOk(await clientCall(page, "getSession")), null);
});
