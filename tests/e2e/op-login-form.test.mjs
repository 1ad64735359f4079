// The provider's real login, consent and logout pages (autoLogin off), as the
// demo's user sees them: a second provider on :9001 (E2E_FORM_OP_PORT) just for
// this file's tests.

import assert from "node:assert/strict";

import { startProvider } from "../../provider/op.mjs";
import { APP_ORIGIN, FORM_OP_PORT, test } from "./harness.mjs";
import { pkcePair, randomToken } from "./pkce.mjs";

const PORT = FORM_OP_PORT;
const ISSUER = `http://localhost:${PORT}`;

async function withFormProvider(fn) {
  const op = await startProvider({ port: PORT, appOrigin: APP_ORIGIN, autoLogin: false });
  try {
    return await fn(op);
  } finally {
    await op.close();
  }
}

function authorizeUrl(loginHint) {
  const url = new URL(`${ISSUER}/auth`);
  url.search = new URLSearchParams({
    client_id: "spa",
    response_type: "code",
    redirect_uri: `${APP_ORIGIN}/callback`,
    scope: "openid profile email",
    state: randomToken(16),
    nonce: randomToken(16),
    code_challenge: pkcePair().challenge,
    code_challenge_method: "S256",
    ...(loginHint ? { login_hint: loginHint } : {}),
  }).toString();
  return url.href;
}

test("op login form: ada signs in with any password, consents, returns with a code", async ({ page }) => {
  await withFormProvider(async () => {
    await page.goto(authorizeUrl());
    await page.getByLabel("User name").fill("grace");
    await page.getByLabel("Password").fill("whatever");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Unknown user").waitFor();

    await page.getByLabel("User name").fill("ada");
    await page.getByLabel("Password").fill("any password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL(`${APP_ORIGIN}/callback?**`);
    assert.ok(new URL(page.url()).searchParams.get("code"));

    // Signed in now: the next authorization skips both pages.
    await page.goto(authorizeUrl());
    await page.waitForURL(`${APP_ORIGIN}/callback?**`);
    assert.ok(new URL(page.url()).searchParams.get("code"));
  });
});

test("op login form: Cancel answers access_denied to the app", async ({ page }) => {
  await withFormProvider(async () => {
    await page.goto(authorizeUrl("ada"));
    assert.equal(await page.getByLabel("User name").inputValue(), "ada", "login_hint prefills");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForURL(`${APP_ORIGIN}/callback?**`);
    assert.equal(new URL(page.url()).searchParams.get("error"), "access_denied");
  });
});

test("op login form: logout asks for confirmation", async ({ page }) => {
  await withFormProvider(async () => {
    await page.goto(authorizeUrl("ada"));
    await page.getByLabel("Password").fill("secret");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL(`${APP_ORIGIN}/callback?**`);

    await page.goto(`${ISSUER}/session/end?client_id=spa&post_logout_redirect_uri=${encodeURIComponent(`${APP_ORIGIN}/signed-out`)}`);
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await page.waitForURL(`${APP_ORIGIN}/signed-out**`);

    // Signed out: the login form shows again.
    await page.goto(authorizeUrl());
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  });
});
