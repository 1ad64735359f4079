// Checks of the local oidc-provider in Chromium, without the library: the
// browser behaviours the library's sign-in, silent renew and logout depend on
// (cookies on localhost, CORS from the app's origin, the provider in a hidden
// iframe, the logout page confirming by itself under autoLogin).

import assert from "node:assert/strict";

import { APP_ORIGIN, OP_ISSUER, test } from "./harness.mjs";
import { pkcePair, randomToken } from "./pkce.mjs";

function authorizeUrl({ challenge, state, nonce, redirectUri = `${APP_ORIGIN}/callback`, prompt }) {
  const url = new URL(`${OP_ISSUER}/auth`);
  url.search = new URLSearchParams({
    client_id: "spa",
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "openid profile email",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...(prompt ? { prompt } : {}),
  }).toString();
  return url.href;
}

/** Signs in through the provider in `page` and redeems the code from the app's origin. */
async function signInWithoutLibrary(page) {
  const { verifier, challenge } = pkcePair();
  const state = randomToken(16);
  await page.goto(authorizeUrl({ challenge, state, nonce: randomToken(16) }));
  await page.waitForURL(`${APP_ORIGIN}/callback?**`);
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get("state"), state);
  assert.equal(params.get("iss"), OP_ISSUER);
  return page.evaluate(async ({ issuer, code, verifier, redirectUri }) => {
    const response = await fetch(`${issuer}/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri, client_id: "spa",
      }),
    });
    return response.json();
  }, { issuer: OP_ISSUER, code: params.get("code"), verifier, redirectUri: `${APP_ORIGIN}/callback` });
}

test("op in browser: sign in, token request from the app's origin (CORS)", async ({ page }) => {
  const tokens = await signInWithoutLibrary(page);
  assert.equal(tokens.token_type, "Bearer", JSON.stringify(tokens));
  assert.equal(typeof tokens.id_token, "string");
});

test("op in browser: prompt=none in a hidden iframe reaches silent.html with a code", async ({ page }) => {
  await signInWithoutLibrary(page);
  await page.goto(`${APP_ORIGIN}/`);
  const { challenge } = pkcePair();
  const state = randomToken(16);
  const src = authorizeUrl({
    challenge, state, nonce: randomToken(16), redirectUri: `${APP_ORIGIN}/silent.html`, prompt: "none",
  });
  const landed = await page.evaluate((iframeSrc) => new Promise((resolve, reject) => {
    const frame = document.createElement("iframe");
    frame.style.display = "none";
    const timer = setTimeout(() => reject(new Error("iframe timed out")), 10000);
    frame.onload = () => {
      try {
        const href = frame.contentWindow.location.href; // throws while cross-origin
        if (href.startsWith(`${location.origin}/silent.html`)) {
          clearTimeout(timer);
          resolve(href);
        }
      } catch { /* still on the provider */ }
    };
    frame.src = iframeSrc;
    document.body.appendChild(frame);
  }), src);
  const params = new URL(landed).searchParams;
  assert.equal(params.get("state"), state);
  assert.ok(params.get("code"), `no code: ${landed}`);
  assert.equal(params.get("error"), null);
});

test("op in browser: RP-initiated logout confirms by itself and returns to the app", async ({ page }) => {
  const tokens = await signInWithoutLibrary(page);
  const url = new URL(`${OP_ISSUER}/session/end`);
  url.search = new URLSearchParams({
    id_token_hint: tokens.id_token,
    post_logout_redirect_uri: `${APP_ORIGIN}/signed-out`,
    state: "bye",
  }).toString();
  await page.goto(url.href);
  await page.waitForURL(`${APP_ORIGIN}/signed-out?**`);
  assert.equal(new URL(page.url()).searchParams.get("state"), "bye");

  // The provider session is gone: prompt=none now answers login_required.
  const { challenge } = pkcePair();
  await page.goto(authorizeUrl({ challenge, state: "s", nonce: "n", prompt: "none" }));
  await page.waitForURL(`${APP_ORIGIN}/callback?**`);
  assert.equal(new URL(page.url()).searchParams.get("error"), "login_required");
});
