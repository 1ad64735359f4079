// The review's findings (issue 11), each shown in Chromium against the local provider:
// what an attacker or a broken provider could do before, refused now.

import assert from "node:assert/strict";

import { call, expectError, expectOk, openApp, signinToCallback, spaOptions } from "./app-driver.mjs";
import { APP_ORIGIN, OP_ISSUER, OP_PORT, test } from "./harness.mjs";
import { clientCall, recordedEvents, signInLive, startClient } from "./live-client.mjs";

const SILENT_URL = `${APP_ORIGIN}/silent.html`;

test("hardening: a cleartext authority is refused before any request", async ({ page }) => {
  await openApp(page, "/");
  const requested = [];
  page.on("request", (request) => requested.push(request.url()));
  for (const authority of ["http://op.example.com", "http://10.0.0.1:9000"]) {
    const result = await call(page, spaOptions({ authority }), "getSession");
    const error = expectError(result, "invalid_config", authority);
    assert.match(error.message, /https/);
  }
  assert.deepEqual(requested.filter((url) => !url.startsWith(APP_ORIGIN)), [], "nothing was fetched");
});

test("hardening: timeouts out of range are refused, not wrapped", async ({ page }) => {
  await openApp(page, "/");
  for (const options of [{ silentTimeoutMs: 2 ** 31 }, { silentTimeoutMs: 0 }, { requestTimeoutMs: 600_001 }]) {
    expectError(await call(page, spaOptions(options), "getSession"), "invalid_config", JSON.stringify(options));
  }
  expectOk(await call(page, spaOptions({ silentTimeoutMs: 600_000, requestTimeoutMs: 600_000 }), "getSession"));
});

test("hardening: percent-encoded response parameter names leave the address bar too", async ({ page }) => {
  const callbackUrl = await signinToCallback(page, spaOptions());
  // The same response with its names encoded: the parser decodes them, so must the clean-up.
  const disguised = callbackUrl.replace("code=", "c%6Fde=").replace("state=", "st%61te=");
  assert.notEqual(disguised, callbackUrl);
  await page.goto(disguised);
  await openApp(page, new URL(disguised).pathname + new URL(disguised).search);
  const session = expectOk(await call(page, spaOptions(), "handleRedirectCallback"), "callback");
  assert.equal(session.claims.sub, "user-1");
  const url = page.url();
  assert.doesNotMatch(url, /c%6Fde|st%61te|[?&](code|state)=/i, url);
});

test("hardening: a configured prompt is not sent twice with silent renew's prompt=none", async ({ page }) => {
  const options = spaOptions({ silentRedirectUri: SILENT_URL, extraAuthorizeParams: { prompt: "login" } });
  await signInLive(page, { ...options, extraAuthorizeParams: {} });
  const authorizeUrls = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${OP_ISSUER}/auth?`)) authorizeUrls.push(request.url());
  });
  await startClient(page, options);
  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  assert.equal(renewed.claims.sub, "user-1");
  assert.equal(authorizeUrls.length, 1, "one silent authorization request");
  const prompts = new URL(authorizeUrls[0]).searchParams.getAll("prompt");
  assert.deepEqual(prompts, ["none"]);
});

test("hardening: a bogus session broadcast by the page is not adopted", async ({ page, op }) => {
  const options = spaOptions({ storage: "local", silentRedirectUri: SILENT_URL });
  const first = await signInLive(page, options);
  const name = `oidc-wasm:renew:${OP_ISSUER} spa`;
  const posted = await page.evaluate(
    ({ name, first }) => {
      const now = Math.floor(Date.now() / 1000);
      const forged = [
        // absurd times: would switch renewal and expiry off for good
        { ...first, accessToken: "forged-1", issuedAt: now, expiresAt: 1e15 },
        // another issuer
        { ...first, accessToken: "forged-2", issuedAt: now, expiresAt: now + 7200, claims: { ...first.claims, iss: "https://evil.example" } },
        // another user
        { ...first, accessToken: "forged-3", issuedAt: now, expiresAt: now + 7200, claims: { ...first.claims, sub: "mallory" } },
      ];
      const channel = new BroadcastChannel(name);
      for (const session of forged) channel.postMessage(session);
      channel.close();
      return forged.length;
    },
    { name, first },
  );
  assert.equal(posted, 3);
  await page.waitForTimeout(500);
  assert.deepEqual(await recordedEvents(page, "renewed"), [], "nothing adopted");
  const now = expectOk(await clientCall(page, "getSession"), "getSession");
  assert.equal(now.accessToken, first.accessToken, "the real session stays");
  // A genuine renewal in this tab still works afterwards.
  op.stats.reset();
  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  assert.notEqual(renewed.accessToken, first.accessToken);
  assert.ok(renewed.expiresAt < 1e12);
});

test("hardening: login_required from a provider on another site says third-party cookies are the likely cause", async ({ page }) => {
  // 127.0.0.1 and localhost are different sites: the provider's cookie, set while the
  // user signed in at 127.0.0.1, is withheld from the iframe, as for api.descope.com.
  const discovered = await (await fetch(`${OP_ISSUER}/.well-known/openid-configuration`)).json();
  const crossSite = `http://127.0.0.1:${OP_PORT}`;
  const moved = (url) => url.replace(OP_ISSUER, crossSite);
  const metadata = {
    issuer: discovered.issuer,
    authorization_endpoint: moved(discovered.authorization_endpoint),
    token_endpoint: moved(discovered.token_endpoint),
    userinfo_endpoint: moved(discovered.userinfo_endpoint),
    jwks_uri: moved(discovered.jwks_uri),
  };
  const options = spaOptions({ authority: undefined, metadata, silentRedirectUri: SILENT_URL });
  const first = await signInLive(page, options);
  assert.equal(first.claims.iss, OP_ISSUER);
  const error = expectError(await clientCall(page, "signinSilent"), "oauth_error", "cross-site signinSilent");
  assert.equal(error.error, "login_required");
  assert.equal(error.thirdPartyCookiesLikely, true);
  assert.match(error.message, /refresh token/);
  assert.equal(expectOk(await clientCall(page, "getSession")).accessToken, first.accessToken, "old session kept");
});

test("hardening: a trap in the wasm rejects the calls in flight and every later one (internal_error), never hangs", async ({ page }) => {
  // js-sys's Date.now is an import the wasm cannot catch: an exception from it unwinds
  // through the wasm exactly as a trap (a panic of the shipped build) does.
  await openApp(page, "/");
  const uncaught = [];
  page.on("pageerror", (error) => uncaught.push(error.message));
  const result = await page.evaluate(async (options) => {
    const { OidcClient } = window.oidcWasm;
    const outcome = (promise) =>
      Promise.race([
        promise.then(() => "resolved", (error) => ({ name: error.name, code: error.code, message: error.message })),
        new Promise((resolve) => setTimeout(() => resolve("still pending after 5 s"), 5000)),
      ]);
    const now = Date.now;
    const trap = () => {
      throw new WebAssembly.RuntimeError("unreachable (e2e)");
    };
    try {
      // In flight: discovery is on its way when the trap comes (after its answer).
      const creating = OidcClient.create(options);
      Date.now = trap;
      const inFlight = await outcome(creating);
      Date.now = now;
      // Later calls, the clock fine again: the module stays stopped.
      const later = await outcome(OidcClient.create({ ...options, metadata: undefined }));
      return { inFlight, later };
    } finally {
      Date.now = now;
    }
  }, spaOptions());
  for (const [what, outcome] of Object.entries(result)) {
    assert.equal(typeof outcome, "object", `${what}: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.name, "OidcError", what);
    assert.equal(outcome.code, "internal_error", `${what}: ${JSON.stringify(outcome)}`);
    assert.match(outcome.message, /internal error.*reload/, what);
  }
  // The wasm's own callbacks still due (promise reactions, timers) stop quietly.
  await page.waitForTimeout(500);
  assert.deepEqual(uncaught, [], "no uncaught error in the page");
});

test("hardening: without WebCrypto's digest (an insecure context) a sign-in rejects with crypto_error and stores nothing", async ({ page }) => {
  await openApp(page, "/");
  // An http page on a LAN address has no crypto.subtle: the PKCE challenge needs SHA-256.
  await page.evaluate(() => Object.defineProperty(Crypto.prototype, "subtle", { get: () => undefined }));
  for (const method of ["createSigninUrl", "signinRedirect"]) {
    const error = expectError(await call(page, spaOptions(), method), "crypto_error", method);
    assert.equal(error.name, "OidcError");
  }
  const challenge = await page.evaluate(() =>
    window.oidcWasm.codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").then(
      () => "resolved",
      (error) => error.code,
    ),
  );
  assert.equal(challenge, "crypto_error", "codeChallengeS256");
  assert.equal(new URL(page.url()).origin, APP_ORIGIN, "still on the app");
  const stored = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("oidc-wasm:tx:")));
  assert.deepEqual(stored, [], "no pending sign-in stored");
});
