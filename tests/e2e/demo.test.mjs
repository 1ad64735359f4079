// The demo SPA (www/, issue 5) as a person uses it: the built page from
// www/dist (this file builds nothing: run `bash scripts/build-www.sh` first)
// against a provider of its own with the real login form and short-lived
// tokens. Sign in (login form + consent), see the verified claims, watch an
// automatic renewal land in the event log, load userinfo, revoke, sign in
// again, sign out through the provider's logout page.
//
// Ports: the demo app on E2E_DEMO_PORT (8300) and its provider on
// E2E_DEMO_OP_PORT (9300), both on `localhost` (same site: the silent-renew
// iframe gets the provider's cookie). Screenshot of the signed-in page:
// test-output/e2e/demo-signed-in.png.

import assert from "node:assert/strict";
import { access, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { startProvider } from "../../provider/op.mjs";
import { DEFAULT_DIST, startDemoServer } from "../../www/serve.mjs";
import { APP_PORT, BAD_OP_PORT, FORM_OP_PORT, OP_PORT, RENEW_OP_PORT, portFromEnv, test } from "./harness.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const SCREENSHOT = resolve(HERE, "../../test-output/e2e/demo-signed-in.png");

const TOKEN_TTL = 12; // seconds: the client renews at half-life, ~6 s after sign-in


const DEMO_PORT = portFromEnv("E2E_DEMO_PORT", 8300);
const DEMO_OP_PORT = portFromEnv("E2E_DEMO_OP_PORT", 9300);
const DEMO_ORIGIN = `http://localhost:${DEMO_PORT}`;
const DEMO_ISSUER = `http://localhost:${DEMO_OP_PORT}`;

async function assertBuilt() {
  for (const file of ["index.html", "silent.html"]) {
    try {
      await access(join(DEFAULT_DIST, file));
    } catch {
      throw new Error(`the demo is not built (${join(DEFAULT_DIST, file)} is missing): run \`bash scripts/build-www.sh\` before the e2e tests`);
    }
  }
}

function assertOwnPorts() {
  const others = [APP_PORT, OP_PORT, BAD_OP_PORT, FORM_OP_PORT, RENEW_OP_PORT];
  for (const port of [DEMO_PORT, DEMO_OP_PORT]) {
    assert.ok(!others.includes(port), `demo port ${port} collides with the runner's ports (${others.join(", ")}): set E2E_DEMO_PORT / E2E_DEMO_OP_PORT`);
  }
  assert.notEqual(DEMO_PORT, DEMO_OP_PORT, "E2E_DEMO_PORT and E2E_DEMO_OP_PORT must differ");
}

async function withDemo(fn) {
  await assertBuilt();
  assertOwnPorts();
  const op = await startProvider({
    port: DEMO_OP_PORT,
    appOrigin: DEMO_ORIGIN,
    autoLogin: false,
    accessTokenTtl: TOKEN_TTL,
    idTokenTtl: TOKEN_TTL,
  });
  let app;
  try {
    app = await startDemoServer({ port: DEMO_PORT });
    return await fn(op);
  } finally {
    await app?.close();
    await op.close();
  }
}

/** The provider's login form and consent page, as a person fills them in. */
async function logInAtProvider(page) {
  await page.waitForURL(`${DEMO_ISSUER}/**`);
  await page.getByLabel("User name").fill("ada");
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
}

/** Waits until the page shows a signed-in session and returns the claims table's text. */
async function signedIn(page) {
  await page.getByTestId("claims").waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId("status").getAttribute("data-state"), "ok");
  return page.getByTestId("claims").innerText();
}

async function eventCount(page, name) {
  return page.locator(`[data-testid="event-log"] [data-event="${name}"]`).count();
}

test("demo: sign in with the login form, claims, automatic renew, userinfo, revoke, sign in again, sign out", async ({ page, log }) => {
  await withDemo(async (op) => {
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.setViewportSize({ width: 1280, height: 900 });

    // The provider comes from the address bar and is remembered for the tab.
    await page.goto(`${DEMO_ORIGIN}/?authority=${encodeURIComponent(DEMO_ISSUER)}&clientId=spa`);
    const signIn = page.getByTestId("signin");
    await signIn.waitFor();
    assert.equal(page.url(), `${DEMO_ORIGIN}/`, "the provider parameters left the address bar");
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "idle");

    // 1. Sign in through the real login form and consent page.
    await signIn.click();
    await logInAtProvider(page);
    const claims = await signedIn(page);
    log(`claims table:\n${claims}`);
    assert.equal(page.url(), `${DEMO_ORIGIN}/`, "code, state and /callback left the address bar");
    assert.match(await page.locator('[data-claim="sub"]').innerText(), /user-1/);
    assert.match(await page.locator('[data-claim="name"]').innerText(), /Ada Lovelace/);
    assert.equal(await page.getByTestId("user-name").innerText(), "Ada Lovelace");
    assert.match(await page.getByTestId("signature-verified").innerText(), /signature verified/i);
    assert.match(await page.getByTestId("countdown").innerText(), /^0:\d\d$/, "a live countdown of the short-lived token");
    assert.equal(await eventCount(page, "signed_in"), 1);

    // 2. An automatic renewal (hidden iframe, prompt=none) shows up in the event log.
    await page.locator('[data-testid="event-log"] [data-event="renewed"]').first().waitFor({ timeout: (TOKEN_TTL + 10) * 1000 });
    assert.ok((await eventCount(page, "expiring")) >= 1, "`expiring` came before `renewed`");
    assert.equal(await eventCount(page, "renew_error"), 0, "no renew_error");
    assert.equal(await eventCount(page, "expired"), 0, "no expired");
    assert.match(await page.getByTestId("renewal-via").innerText(), /hidden iframe/);
    log(`provider after the renewal: ${JSON.stringify(op.stats.counts)}`);
    assert.ok((op.stats.counts.requests["/auth"] ?? 0) >= 2, "the renewal went back to /auth (prompt=none)");

    // 3. Userinfo.
    await page.getByTestId("load-userinfo").click();
    await page.getByTestId("userinfo").getByText("ada@example.com").waitFor();
    assert.equal(await eventCount(page, "userinfo"), 1);

    await page.mouse.move(0, 0); // no hover effect in the picture
    await mkdir(resolve(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: "disabled" });
    log(`screenshot: ${SCREENSHOT}`);

    // 4. Revoke: tokens revoked at the provider, session gone, signed out here.
    const revocationsBefore = op.stats.counts.requests["/token/revocation"] ?? 0;
    await page.getByTestId("revoke").click();
    await signIn.waitFor();
    assert.ok((op.stats.counts.requests["/token/revocation"] ?? 0) > revocationsBefore, "revocation endpoint called");
    assert.ok((await eventCount(page, "signed_out")) >= 1, "`signed_out` logged");
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "idle");
    assert.match(await page.getByTestId("notice").innerText(), /revoked/i);

    // 5. Sign in again: the provider's session is still alive, so its pages may be
    //    skipped (or consent asked again): either way the app ends signed in.
    await signIn.click();
    const allow = page.getByRole("button", { name: "Allow" });
    const claimsTable = page.getByTestId("claims");
    await Promise.race([allow.waitFor({ timeout: 15_000 }), claimsTable.waitFor({ timeout: 15_000 })]);
    if (await allow.isVisible().catch(() => false)) await allow.click();
    assert.match(await signedIn(page), /user-1/);
    assert.equal(await eventCount(page, "signed_in"), 2);

    // 6. Sign out at the provider (its confirmation page), back on the app, signed out.
    await page.getByTestId("signout").click();
    await page.waitForURL(`${DEMO_ISSUER}/**`);
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await page.waitForURL(`${DEMO_ORIGIN}/**`);
    await signIn.waitFor();
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "idle");
    assert.match(await page.getByTestId("notice").innerText(), /signed out/i);
    assert.equal(
      await page.evaluate(
        () => Object.keys(sessionStorage).filter((k) => /^oidc-wasm:(session|tx):/.test(k)).length,
      ),
      0,
      "no session (nor pending sign-in) left in sessionStorage (the reusable discovery document may stay)",
    );

    // The provider forgot the user too: signing in shows its login form again.
    await signIn.click();
    await page.getByLabel("User name").waitFor();

    assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  });
}, { timeoutMs: 120_000 });

test("demo: a provider error is shown with its code (Cancel at the login form: oauth_error access_denied)", async ({ page }) => {
  await withDemo(async () => {
    await page.goto(`${DEMO_ORIGIN}/?authority=${encodeURIComponent(DEMO_ISSUER)}&clientId=spa`);
    await page.getByTestId("signin").click();
    await page.waitForURL(`${DEMO_ISSUER}/**`);
    await page.getByRole("button", { name: "Cancel" }).click();
    const error = page.getByTestId("error");
    await error.waitFor();
    assert.equal(await error.getAttribute("data-code"), "oauth_error");
    assert.match(await error.innerText(), /access_denied/);
    assert.equal(page.url(), `${DEMO_ORIGIN}/`, "the error left the address bar");
    await page.getByTestId("signin").waitFor(); // and the page still works
  });
});

test("demo: an unreachable provider is an error with its code, not a blank page", async ({ page }) => {
  await assertBuilt();
  assertOwnPorts();
  const app = await startDemoServer({ port: DEMO_PORT });
  try {
    // Nothing listens on the demo provider's port in this test.
    await page.goto(`${DEMO_ORIGIN}/?authority=${encodeURIComponent(DEMO_ISSUER)}&clientId=spa`);
    const error = page.getByTestId("error");
    await error.waitFor();
    assert.equal(await error.getAttribute("data-code"), "network_error");
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "error");
    await page.getByTestId("signin").waitFor();
  } finally {
    await app.close();
  }
});

test("demo: ?descope=&baseUrl= uses the project's region or custom domain and says how it renews", async ({ page }) => {
  await assertBuilt();
  assertOwnPorts();
  const app = await startDemoServer({ port: DEMO_PORT });
  const regional = "Peuw1" + "A".repeat(27);
  try {
    // No discovery for the preset: nothing is fetched from Descope to show this.
    await page.goto(`${DEMO_ORIGIN}/?descope=${regional}`);
    await page.getByTestId("issuer").first().waitFor();
    assert.equal(await page.getByTestId("issuer").first().innerText(), `https://api.euw1.descope.com/${regional}`);
    const suggested = page.getByTestId("suggested-renewal").first();
    assert.equal(await suggested.getAttribute("data-mode"), "refresh");
    assert.match(await suggested.innerText(), /api\.euw1\.descope\.com is another site/);

    await page.goto(`${DEMO_ORIGIN}/?descope=${regional}&baseUrl=${encodeURIComponent("https://auth.example.com")}`);
    await page.getByTestId("issuer").first().waitFor();
    assert.equal(await page.getByTestId("issuer").first().innerText(), `https://auth.example.com/${regional}`);
    assert.match(await page.getByTestId("suggested-renewal").first().innerText(), /auth\.example\.com is another site/);

    // The local provider is on the page's site: the iframe.
    await page.goto(`${DEMO_ORIGIN}/?authority=${encodeURIComponent(`http://localhost:${DEMO_OP_PORT}`)}&clientId=spa`);
    await page.getByTestId("suggested-renewal").first().waitFor();
    assert.equal(await page.getByTestId("suggested-renewal").first().getAttribute("data-mode"), "iframe");
  } finally {
    await app.close();
  }
});
