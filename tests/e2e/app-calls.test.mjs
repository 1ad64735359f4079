// The calls apps make beyond the redirect flow (issue 13): getAccessToken, popup
// sign-in, sign-out reaching every tab, and a callback handled twice (StrictMode).

import assert from "node:assert/strict";

import { chromium } from "playwright-core";

import { badOpOptions, expectError, expectOk, openApp, signinToCallback, spaOptions } from "./app-driver.mjs";
import { APP_ORIGIN, test } from "./harness.mjs";
import { CHROMIUM_ARGS } from "../support/local.mjs";
import { clientCall, clientCallConcurrently, recordedEvents, signInLive, startClient, storedSession } from "./live-client.mjs";

const SILENT_URL = `${APP_ORIGIN}/silent.html`;

test("app calls: getAccessToken returns the stored token while fresh, renews first when not; concurrent calls renew once", async ({ page, op }) => {
  const first = await signInLive(page, spaOptions({ silentRedirectUri: SILENT_URL }));
  op.stats.reset();
  const same = expectOk(await clientCall(page, "getAccessToken"), "getAccessToken");
  assert.equal(same, first.accessToken, "fresh: no renewal");
  assert.equal(op.stats.counts.token.total ?? 0, 0);

  // The token lives an hour: asking for two forces a renewal, once for both calls.
  const [a, b] = await page.evaluate(async () => {
    const { client } = window.__e2e;
    return Promise.all([client.getAccessToken({ minValiditySeconds: 7200 }), client.getAccessToken({ minValiditySeconds: 7200 })]);
  });
  assert.equal(a, b, "both calls get the same token");
  assert.notEqual(a, first.accessToken, "a renewed token");
  assert.deepEqual(op.stats.counts.token.byGrantType, { authorization_code: 1 }, "one renewal (the iframe's code exchange)");
  assert.equal((await storedSession(page)).value.accessToken, a, "stored");

  // A renewal that fails rejects with its own code.
  await page.evaluate(() => window.__e2e.client.removeSession());
  await page.context().clearCookies();
  const error = expectError(await clientCall(page, "getAccessToken"), "oauth_error", "no provider session");
  assert.equal(error.error, "login_required");
});

/** Adds a button whose click calls client.signinPopup(options); the outcome lands in window.__popup. */
async function addPopupButton(page, popupOptions) {
  await page.evaluate((popupOptions) => {
    const button = document.createElement("button");
    button.id = "popup-signin";
    button.textContent = "Sign in";
    button.onclick = () => {
      // No await before signinPopup: the popup opens inside the click.
      window.__popup = window.__e2e.client.signinPopup(popupOptions).then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error: window.__e2e.plainError(error) }),
      );
    };
    document.body.append(button);
  }, popupOptions);
}

async function popupOutcome(page) {
  await page.waitForFunction(() => window.__popup !== undefined, null, { timeout: 10_000 });
  return page.evaluate(() => window.__popup);
}

function pendingSignins(page) {
  return page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("oidc-wasm:tx:")));
}

test("app calls: signinPopup signs in through a popup that lands on a static page", async ({ page, context, op }) => {
  await openApp(page, "/");
  await startClient(page, spaOptions({ popupRedirectUri: SILENT_URL, silentRedirectUri: SILENT_URL }));
  await addPopupButton(page, { appState: { from: "popup" } });
  const popupOpened = page.waitForEvent("popup", { timeout: 10_000 });
  await page.click("#popup-signin");
  const popup = await popupOpened;
  const outcome = await popupOutcome(page);
  const session = expectOk(outcome, "signinPopup");
  assert.equal(session.claims.sub, "user-1");
  assert.deepEqual(session.appState, { from: "popup" });
  assert.equal(page.url(), `${APP_ORIGIN}/`, "the app's page never left");
  await popup.waitForEvent("close", { timeout: 5000 }).catch(() => {});
  assert.equal(popup.isClosed(), true, "the popup is closed");
  assert.equal(context.pages().length, 1);
  assert.deepEqual(op.stats.counts.token.byGrantType, { authorization_code: 1 });
  assert.deepEqual(await pendingSignins(page), [], "no pending sign-in left");
  assert.equal(expectOk(await clientCall(page, "getSession")).accessToken, session.accessToken);
});

test("app calls: closing the popup rejects with popup_closed and leaves nothing behind", async ({ page, badOp }) => {
  badOp.setMode("authorize_stays"); // the provider's page never sends the popup back
  await openApp(page, "/");
  await startClient(page, badOpOptions({ popupRedirectUri: SILENT_URL }));
  await addPopupButton(page, {});
  const popupOpened = page.waitForEvent("popup", { timeout: 10_000 });
  await page.click("#popup-signin");
  const popup = await popupOpened;
  await popup.waitForLoadState("load");
  assert.deepEqual(await pendingSignins(page), [], "the pending sign-in stays in memory, never in sessionStorage");
  const closedAt = Date.now();
  await popup.close();
  const error = expectError(await popupOutcome(page), "popup_closed", "signinPopup");
  assert.ok(Date.now() - closedAt < 3000, `noticed ${Date.now() - closedAt} ms after the close`);
  assert.equal(error.isError, true);
  assert.deepEqual(await pendingSignins(page), [], "no pending sign-in left");
  assert.equal(expectOk(await clientCall(page, "getSession")), null, "no session");
});

test("app calls: a popup the browser blocks (no user gesture) rejects with popup_blocked", async () => {
  // Playwright turns popup blocking off by default; this browser keeps Chromium's.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ["--disable-popup-blocking"],
  });
  try {
    const page = await browser.newPage();
    await openApp(page, "/");
    await startClient(page, spaOptions({ popupRedirectUri: SILENT_URL }));
    // page.evaluate itself counts as a user gesture, whose activation lasts 5 s in
    // Chromium: the call comes from a timer after that, like one after an await would.
    const outcome = await page.evaluate(
      () =>
        new Promise((resolve) => {
          setTimeout(() => {
            window.__e2e.client.signinPopup().then(
              (value) => resolve({ ok: true, value }),
              (error) => resolve({ ok: false, error: window.__e2e.plainError(error) }),
            );
          }, 5500);
        }),
    );
    const error = expectError(outcome, "popup_blocked", "signinPopup without a click");
    assert.match(error.message, /click/);
    assert.deepEqual(await pendingSignins(page), [], "no pending sign-in left");
    assert.equal(browser.contexts()[0].pages().length, 1, "no popup");
  } finally {
    await browser.close();
  }
});

for (const storage of ["local", "session"]) {
  test(`app calls: signing out in one tab signs every tab of the client out (${storage} storage)`, async ({ context }) => {
    const options = spaOptions({ storage, silentRedirectUri: SILENT_URL });
    const tabA = await context.newPage();
    const tabB = await context.newPage();
    await signInLive(tabA, options);
    if (storage === "local") {
      await openApp(tabB, "/");
      await startClient(tabB, options);
    } else {
      await signInLive(tabB, options); // sessionStorage is per tab: B signs in on its own
    }
    assert.ok(expectOk(await clientCall(tabB, "getSession")), "tab B has a session");

    const before = Date.now();
    expectOk(await clientCall(tabA, "removeSession"), "removeSession in tab A");
    await tabB.waitForFunction(() => window.__e2e.events.some((e) => e.name === "signed_out"), null, { timeout: 1000 });
    const signedOut = (await recordedEvents(tabB, "signed_out"))[0];
    assert.ok(signedOut.at - before < 1000, `tab B signed out after ${signedOut.at - before} ms`);
    assert.equal(expectOk(await clientCall(tabB, "getSession")), null, "tab B has no session");
  });
}

test("app calls: handleRedirectCallback twice on one callback (StrictMode) gives one session, one token request", async ({ page, op }) => {
  const options = spaOptions();
  await signinToCallback(page, options);
  await startClient(page, options);
  op.stats.reset();
  const [a, b] = await clientCallConcurrently(page, "handleRedirectCallback", 2);
  const sa = expectOk(a, "first callback");
  const sb = expectOk(b, "second callback");
  assert.equal(sa.accessToken, sb.accessToken);
  // Later, and from a second client on the same page (a remounted component).
  const later = await page.evaluate(async (options) => {
    const other = await window.oidcWasm.OidcClient.create(options);
    return (await other.handleRedirectCallback()).accessToken;
  }, options);
  assert.equal(later, sa.accessToken);
  assert.deepEqual(op.stats.counts.token.byGrantType, { authorization_code: 1 }, "exactly one token request");
  assert.doesNotMatch(page.url(), /[?&](code|state)=/);
});

test("app calls: a replayed callback on a new page load is still refused", async ({ page }) => {
  const options = spaOptions();
  const callbackUrl = await signinToCallback(page, options);
  await startClient(page, options);
  expectOk(await clientCall(page, "handleRedirectCallback"), "callback");
  await page.goto(callbackUrl); // the same code and state, a new page
  await startClient(page, options);
  expectError(await clientCall(page, "handleRedirectCallback"), "state_mismatch", "replayed callback");
});

test("app calls: client.fetch gives up after requestTimeoutMs (timeout) unless the app brings its own signal", async ({ page, badOp }) => {
  await signInLive(page, spaOptions({ silentRedirectUri: SILENT_URL, requestTimeoutMs: 1500 }));
  badOp.setMode("authorize_hang"); // a resource that accepts the request and never answers
  const hanging = `${badOp.issuer}/authorize`;
  const started = Date.now();
  const error = expectError(await clientCall(page, "fetch", hanging), "timeout", "client.fetch to a hanging API");
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1400 && elapsed < 6000, `rejected after ${elapsed} ms (requestTimeoutMs 1500)`);
  assert.equal(error.isError, true);

  // The app's own signal bounds the request; its rejection is fetch's own, not ours.
  const own = await page.evaluate(async (url) => {
    try {
      await window.__e2e.client.fetch(url, { signal: AbortSignal.timeout(300) });
      return null;
    } catch (err) {
      return { name: err?.name, ours: window.oidcWasm.isOidcError(err) };
    }
  }, hanging);
  assert.equal(own.ours, false, `not one of ours: ${JSON.stringify(own)}`);
  assert.match(own.name, /TimeoutError|AbortError/);

  // Whatever the app aborts with comes back as it is, a number too (the library's own
  // failures travel from its JS as numbers, and must not be confused with it).
  const reason = await page.evaluate(async (url) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(2), 300);
    try {
      await window.__e2e.client.fetch(url, { signal: controller.signal });
      return "resolved";
    } catch (err) {
      return err;
    }
  }, hanging);
  assert.equal(reason, 2, "the app's own abort reason");
});
