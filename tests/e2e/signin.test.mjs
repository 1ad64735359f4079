// Sign-in with the real provider (issue 2): authorization code + PKCE through
// signinRedirect and handleRedirectCallback, the session it stores, and where.

import assert from "node:assert/strict";

import {
  assertStorageHoldsNone, call, expectError, expectOk, nowSeconds, openApp, signIn, signinToCallback, spaOptions,
  waitForLibrary,
} from "./app-driver.mjs";
import { APP_ORIGIN, OP_ISSUER, test } from "./harness.mjs";

test("signin: redirect, callback, verified session", async ({ page, op }) => {
  const before = nowSeconds();
  const { session } = await signIn(page, spaOptions(), { appState: { from: "test", n: [1, 2] } });

  assert.equal(session.claims.sub, "user-1");
  assert.equal(session.claims.iss, OP_ISSUER);
  assert.equal(session.claims.aud, "spa");
  assert.equal(typeof session.accessToken, "string");
  assert.ok(session.accessToken.length > 0);
  assert.equal(typeof session.idToken, "string");
  assert.match(session.tokenType, /^bearer$/i);
  assert.equal(typeof session.expiresAt, "number");
  assert.ok(session.expiresAt > nowSeconds(), "expiresAt is in the future");
  assert.ok(
    session.expiresAt >= before + 3600 - 5 && session.expiresAt <= nowSeconds() + 3600 + 5,
    `expiresAt ≈ response time + expires_in (3600): ${session.expiresAt - before}`,
  );
  assert.deepEqual(session.appState, { from: "test", n: [1, 2] });
  assert.equal(typeof session.profile, "object");
  assert.equal(session.refreshToken ?? undefined, undefined, "no offline_access, no refresh token");

  assert.deepEqual(op.stats.counts.token.byClient, { spa: { authorization_code: 1 } }, "one token request");
  // The callback page reuses the document the sign-in page of the same tab fetched.
  assert.equal(op.stats.counts.requests["/.well-known/openid-configuration"], 1, "one discovery for both pages");
  const stored = expectOk(await call(page, spaOptions(), "getSession"), "getSession");
  assert.equal(stored.accessToken, session.accessToken);
});

test("signin: the address bar is clean after the callback", async ({ page }) => {
  const { callbackUrl } = await signIn(page, spaOptions());
  assert.match(callbackUrl, /[?&]code=/, "the provider did send a code");
  const url = page.url();
  assert.doesNotMatch(url, /[?&#]code=/, url);
  assert.doesNotMatch(url, /[?&#]state=/, url);
  assert.ok(url.startsWith(`${APP_ORIGIN}/callback`), url);
});

test("signin: the address bar is clean also when the app passes location.href in", async ({ page }) => {
  const callbackUrl = await signinToCallback(page, spaOptions());
  assert.match(callbackUrl, /[?&]code=/, "the provider did send a code");
  const session = expectOk(await call(page, spaOptions(), "handleRedirectCallback", callbackUrl), "callback");
  assert.equal(session.claims.sub, "user-1");
  assert.doesNotMatch(page.url(), /[?&#](code|state)=/, page.url());
});

test("signin: reload keeps the session (session storage)", async ({ page }) => {
  const { session } = await signIn(page, spaOptions());
  await page.reload();
  await openApp(page, "/");
  const after = expectOk(await call(page, spaOptions(), "getSession"), "getSession after reload");
  assert.ok(after, "getSession() is non-null after a reload");
  assert.equal(after.accessToken, session.accessToken);
  assert.equal(after.claims.sub, "user-1");
});

test("signin: a second use of the callback URL is refused (state_mismatch)", async ({ page, context, op }) => {
  const { session, callbackUrl } = await signIn(page, spaOptions());
  const code = new URL(callbackUrl).searchParams.get("code");

  // Same tab (e.g. Back): the transaction was used once and removed.
  await page.goto(callbackUrl);
  await waitForLibrary(page);
  expectError(await call(page, spaOptions(), "handleRedirectCallback"), "state_mismatch", "replay in the same tab");
  assert.doesNotMatch(page.url(), /[?&]code=/, "the replayed code left the address bar");
  const kept = expectOk(await call(page, spaOptions(), "getSession"), "getSession");
  assert.equal(kept?.accessToken, session.accessToken, "the replay stored nothing new");

  // Another tab: no transaction at all.
  const other = await context.newPage();
  await other.goto(callbackUrl);
  await waitForLibrary(other);
  expectError(await call(other, spaOptions(), "handleRedirectCallback"), "state_mismatch", "replay in a new tab");
  assert.equal(expectOk(await call(other, spaOptions(), "getSession")), null);
  await assertStorageHoldsNone(other, [code], "new tab after replay");

  assert.equal(op.stats.counts.token.total, 1, "a refused callback makes no token request");
});

test("signin: the ES256 client works", async ({ page }) => {
  const options = spaOptions({ clientId: "spa-es256" });
  const { session } = await signIn(page, options);
  assert.equal(session.claims.aud, "spa-es256");
  assert.equal(session.claims.sub, "user-1");
  const [header] = session.idToken.split(".");
  assert.equal(JSON.parse(Buffer.from(header, "base64url")).alg, "ES256");
});

test("signin: memory storage forgets the session on reload", async ({ page }) => {
  const options = spaOptions({ storage: "memory" });
  const { session } = await signIn(page, options);
  assert.equal(session.claims.sub, "user-1");
  await assertStorageHoldsNone(page, [session.accessToken, session.idToken], "memory storage");
  await page.reload();
  await openApp(page, "/");
  assert.equal(expectOk(await call(page, options, "getSession")), null);
});

test("signin: local storage keeps the session in a new page of the same context", async ({ page, context }) => {
  const options = spaOptions({ storage: "local" });
  const { session } = await signIn(page, options);
  const other = await context.newPage();
  await openApp(other, "/");
  const there = expectOk(await call(other, options, "getSession"), "getSession in a new page");
  assert.ok(there, "the new page sees the session");
  assert.equal(there.accessToken, session.accessToken);

  // Session storage, by contrast, is per tab.
  const third = await context.newPage();
  await openApp(third, "/");
  assert.equal(expectOk(await call(third, spaOptions(), "getSession")), null);
});

test("signin: a new sign-in removes this client's abandoned pending sign-ins (over an hour old, or unreadable), no others", async ({ page }) => {
  await openApp(page, "/");
  const prefix = `oidc-wasm:tx:${OP_ISSUER} spa `;
  const other = `oidc-wasm:tx:${OP_ISSUER} other-client `;
  const now = nowSeconds();
  const pending = (state, createdAt) =>
    JSON.stringify({ state, nonce: "n", code_verifier: "v".repeat(43), redirect_uri: `${APP_ORIGIN}/callback`, created_at: createdAt });
  await page.evaluate((entries) => {
    for (const [key, value] of entries) sessionStorage.setItem(key, value);
  }, [
    [`${prefix}old`, pending("old", now - 2 * 3600)],
    [`${prefix}unreadable`, "not JSON"],
    [`${prefix}fresh`, pending("fresh", now - 60)],
    [`${other}old`, pending("old", now - 2 * 3600)],
  ]);
  const url = new URL(expectOk(await call(page, spaOptions(), "createSigninUrl"), "createSigninUrl"));
  const keys = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("oidc-wasm:tx:")).sort());
  assert.deepEqual(keys, [`${prefix}fresh`, `${prefix}${url.searchParams.get("state")}`, `${other}old`].sort());
});
