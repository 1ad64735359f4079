// Silent renew (issue 3): automatic renewal before expiry through the hidden
// iframe (prompt=none) or the refresh-token grant, manual signinSilent(), what
// happens when the provider session is gone or never answers, and two tabs
// sharing one session.
//
// The automatic-renew tests run against a provider of their own
// (RENEW_OP_ISSUER, E2E_RENEW_OP_PORT, default 9002) whose access and ID tokens
// live 10 s: renewBeforeExpirySeconds (default 60) is then capped to half the
// lifetime, so a renewal comes every ~5 s.

import assert from "node:assert/strict";

import { startProvider } from "../../provider/op.mjs";
import { badOpOptions, expectError, expectOk, nowSeconds, openApp, signIn, spaOptions } from "./app-driver.mjs";
import { APP_ORIGIN, RENEW_OP_ISSUER, RENEW_OP_PORT, test } from "./harness.mjs";
import {
  clientCall, clientCallConcurrently, iframeCount, iframesAdded, recordedEvents, signInLive, startClient,
  startPolling, stopPolling, storedSession, summarise, waitForEvents,
} from "./live-client.mjs";

const TOKEN_TTL = 10;
const SILENT_URL = `${APP_ORIGIN}/silent.html`;
const LONG = { timeoutMs: 90_000 };

/** Runs `fn(op)` with a provider whose access and ID tokens live TOKEN_TTL seconds. */
async function withShortTokens(fn) {
  const op = await startProvider({
    port: RENEW_OP_PORT,
    appOrigin: APP_ORIGIN,
    autoLogin: true,
    accessTokenTtl: TOKEN_TTL,
    idTokenTtl: TOKEN_TTL,
  });
  try {
    return await fn(op);
  } finally {
    await op.close();
  }
}

function shortOptions(extra = {}) {
  return spaOptions({ authority: RENEW_OP_ISSUER, silentRedirectUri: SILENT_URL, scope: "openid profile", ...extra });
}

/** Asserts the tokens are pairwise different (and logs how many). */
function assertAllDifferent(values, what) {
  assert.ok(values.every((v) => typeof v === "string" && v.length > 0), `${what}: all strings: ${JSON.stringify(values)}`);
  assert.equal(new Set(values).size, values.length, `${what}: every one is new`);
}

/**
 * Each `renewed` came after an `expiring` (and after the previous `renewed`),
 * and before the session it replaced expired.
 */
function assertRenewedInTime(events, firstSession) {
  let previous = firstSession;
  let sawExpiring = false;
  for (const event of events) {
    if (event.name === "expiring") sawExpiring = true;
    if (event.name !== "renewed") continue;
    assert.ok(sawExpiring, `renewed without an expiring before it: ${summarise(events)}`);
    sawExpiring = false;
    assert.ok(
      event.at < previous.expiresAt * 1000,
      `renewed at ${event.at}, after the old session expired at ${previous.expiresAt * 1000}`,
    );
    assert.ok(event.expiresAt > previous.expiresAt, "the new session lives longer");
    previous = event;
  }
}

test("renew: automatic renew through the iframe, 3+ cycles, no gap, no iframe left", async ({ page, log }) => {
  await withShortTokens(async (op) => {
    const options = shortOptions();
    const first = await signInLive(page, options);
    log(`signed in; expiresAt - now = ${first.expiresAt - nowSeconds()} s`);
    assert.equal(first.refreshToken ?? undefined, undefined, "no offline_access, no refresh token");
    assert.ok(first.expiresAt - nowSeconds() <= TOKEN_TTL, "the short-lived provider's token");
    op.stats.reset(); // before the first renewal (half the lifetime away)

    await startPolling(page, 250);
    await waitForEvents(page, "renewed", 3, 40_000);
    await page.waitForTimeout(400); // one more poll or two after the last renewal
    const polls = await stopPolling(page);
    const events = await recordedEvents(page);
    const { token, requests } = op.stats.counts;
    const renewed = events.filter((e) => e.name === "renewed");
    log(`events: ${summarise(events)}`);
    log(`stats: ${JSON.stringify(op.stats.counts)}; polls ${polls.count}`);

    assert.deepEqual(events.filter((e) => e.name === "renew_error"), [], "no renew_error");
    assert.deepEqual(token.byGrantType, { authorization_code: renewed.length }, "one code exchange per renewal");
    assert.equal(token.errors, 0);
    assert.equal(requests["/auth"], renewed.length, "one prompt=none authorization per renewal");

    assert.ok(polls.count >= 40, `getSession() was polled (${polls.count} times)`);
    assert.deepEqual(polls.errors, []);
    assert.deepEqual(polls.nulls, [], "getSession() never returned null between renewals");

    assertAllDifferent([first.accessToken, ...renewed.map((e) => e.accessToken)], "access tokens");
    assert.ok(renewed.every((e) => e.sub === "user-1"), "same user");
    assert.ok(renewed.every((e) => e.storedAccessToken === e.accessToken), "the renewed session was stored before `renewed`");
    assertRenewedInTime(events, first);

    for (const e of renewed) assert.equal(e.iframesLater, 0, `an iframe was left after the renewal at ${e.at}`);
    assert.equal(await iframesAdded(page), renewed.length, "one iframe per renewal");
    assert.equal(await iframeCount(page), 0, "no iframe left");

    const now = expectOk(await clientCall(page, "getSession"), "getSession");
    assert.equal(now.accessToken, renewed.at(-1).accessToken);
  });
}, LONG);

test("renew: automatic renew with a refresh token rotates it, no iframe", async ({ page, log }) => {
  await withShortTokens(async (op) => {
    const options = shortOptions({ scope: "openid profile offline_access" });
    const first = await signInLive(page, options, { prompt: "consent" });
    assert.equal(typeof first.refreshToken, "string", "offline_access with prompt=consent gives a refresh token");
    assert.equal((await storedSession(page))?.value.refreshToken, first.refreshToken, "stored");
    op.stats.reset();

    await startPolling(page, 250);
    await waitForEvents(page, "renewed", 2, 30_000);
    await page.waitForTimeout(300);
    const polls = await stopPolling(page);
    const events = await recordedEvents(page);
    const renewed = events.filter((e) => e.name === "renewed");
    const { token, requests } = op.stats.counts;
    log(`events: ${summarise(events)}`);
    log(`stats: ${JSON.stringify(op.stats.counts)}`);

    assert.deepEqual(events.filter((e) => e.name === "renew_error"), [], "no renew_error");
    assert.deepEqual(token.byGrantType, { refresh_token: renewed.length }, "renewals use grant_type=refresh_token");
    assert.equal(token.errors, 0);
    assert.equal(requests["/auth"] ?? 0, 0, "no authorization request");
    assert.equal(await iframesAdded(page), 0, "no iframe");

    assertAllDifferent([first.refreshToken, ...renewed.map((e) => e.refreshToken)], "refresh tokens (rotated)");
    for (const e of renewed) {
      assert.equal(e.storedRefreshToken, e.refreshToken, "the rotated refresh token is the stored one");
    }
    assertAllDifferent([first.accessToken, ...renewed.map((e) => e.accessToken)], "access tokens");
    assert.ok(renewed.every((e) => e.sub === "user-1"));
    assertRenewedInTime(events, first);
    assert.deepEqual(polls.nulls, [], "getSession() never returned null");

    const stored = await storedSession(page);
    assert.equal(stored.value.refreshToken, renewed.at(-1).refreshToken);
    assert.equal(stored.area, "session");
  });
}, LONG);

test("renew: signinSilent() resolves to a new session; two concurrent calls make one request", async ({ page, op }) => {
  const options = spaOptions({ silentRedirectUri: SILENT_URL });
  const first = await signInLive(page, options);
  op.stats.reset();

  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  assert.notEqual(renewed.accessToken, first.accessToken, "a new access token");
  assert.notEqual(renewed.idToken, first.idToken, "a new ID token");
  assert.equal(renewed.claims.sub, "user-1");
  assert.ok(renewed.expiresAt >= first.expiresAt);
  assert.deepEqual(op.stats.counts.token.byGrantType, { authorization_code: 1 });
  assert.equal(op.stats.counts.requests["/auth"], 1);
  assert.equal(expectOk(await clientCall(page, "getSession")).accessToken, renewed.accessToken, "stored");
  assert.equal((await recordedEvents(page, "renewed")).length, 1, "a manual renewal emits `renewed` too");
  assert.equal(await iframeCount(page), 0, "no iframe left");

  op.stats.reset();
  const [a, b] = await clientCallConcurrently(page, "signinSilent", 2);
  const sa = expectOk(a, "first concurrent signinSilent");
  const sb = expectOk(b, "second concurrent signinSilent");
  assert.equal(sa.accessToken, sb.accessToken, "both calls get the same session");
  assert.notEqual(sa.accessToken, renewed.accessToken);
  assert.deepEqual(op.stats.counts.token.byGrantType, { authorization_code: 1 }, "one token request");
  assert.equal(op.stats.counts.requests["/auth"], 1, "one authorization request");
  assert.equal(await iframesAdded(page), 2, "two renewals, two iframes in all");
  assert.equal(await iframeCount(page), 0, "no iframe left");
});

test("renew: two concurrent signinSilent() with a refresh token make one refresh request", async ({ page, op }) => {
  const options = spaOptions({ silentRedirectUri: SILENT_URL, scope: "openid profile offline_access" });
  const first = await signInLive(page, options, { prompt: "consent" });
  assert.equal(typeof first.refreshToken, "string");
  op.stats.reset();

  const [a, b] = await clientCallConcurrently(page, "signinSilent", 2);
  const sa = expectOk(a, "first concurrent signinSilent");
  const sb = expectOk(b, "second concurrent signinSilent");
  assert.equal(sa.accessToken, sb.accessToken);
  assert.notEqual(sa.refreshToken, first.refreshToken, "rotated");
  assert.deepEqual(op.stats.counts.token.byGrantType, { refresh_token: 1 }, "one refresh request");
  assert.equal(op.stats.counts.token.errors, 0, "the spent refresh token was not sent twice");
  assert.equal((await storedSession(page)).value.refreshToken, sa.refreshToken);
  assert.equal(await iframesAdded(page), 0);
});

test("renew: the page's first create() wakes the Web Locks manager once, so the first renewal's lock is not the first request", async ({ page, context }) => {
  await context.addInitScript(() => {
    const calls = (window.__e2eLockCalls = { query: 0, request: 0 });
    const locks = navigator.locks;
    for (const name of ["query", "request"]) {
      const original = locks[name].bind(locks);
      locks[name] = (...args) => (calls[name] += 1, original(...args));
    }
  });
  await openApp(page, "/");
  const calls = () => page.evaluate(() => ({ ...window.__e2eLockCalls }));
  assert.deepEqual(await calls(), { query: 0, request: 0 }, "nothing asked before create()");
  await startClient(page, spaOptions({ automaticSilentRenew: false }));
  assert.deepEqual(await calls(), { query: 1, request: 0 }, "create() queried once and took no lock");
  await startClient(page, spaOptions({ automaticSilentRenew: false }));
  assert.deepEqual(await calls(), { query: 1, request: 0 }, "a second create() in the page queries no more");
});

test("renew: signinSilent() with no session restores it from the provider session", async ({ page, context }) => {
  const options = spaOptions({ silentRedirectUri: SILENT_URL });
  await signIn(page, { ...options, automaticSilentRenew: false });

  const other = await context.newPage(); // a new tab: its sessionStorage is empty
  await openApp(other, "/");
  await startClient(other, options);
  assert.equal(expectOk(await clientCall(other, "getSession")), null);
  const restored = expectOk(await clientCall(other, "signinSilent"), "signinSilent without a session");
  assert.equal(restored.claims.sub, "user-1");
  assert.equal(expectOk(await clientCall(other, "getSession"))?.accessToken, restored.accessToken);
  assert.equal(await iframeCount(other), 0);
});

test("renew: provider session gone -> login_required; old session kept until expiresAt, then `expired`", async ({ page, context, log }) => {
  await withShortTokens(async (op) => {
    const options = shortOptions();
    const first = await signInLive(page, options);
    await startPolling(page, 100);
    await context.clearCookies(); // the provider's session cookies: signed out there
    op.stats.reset();

    const refused = expectError(await clientCall(page, "signinSilent"), "oauth_error", "signinSilent");
    assert.equal(refused.error, "login_required", JSON.stringify(refused));
    assert.equal(await iframeCount(page), 0, "no iframe left after the refusal");
    const kept = expectOk(await clientCall(page, "getSession"));
    assert.equal(kept?.accessToken, first.accessToken, "the old session is kept");

    await waitForEvents(page, "expired", 1, (first.expiresAt - nowSeconds() + 5) * 1000);
    await page.waitForTimeout(300);
    const polls = await stopPolling(page);
    const events = await recordedEvents(page);
    log(`expiresAt ${first.expiresAt * 1000}; events: ${summarise(events)}`);
    log(`null polls: ${polls.nulls.join(", ")}`);

    const expiry = first.expiresAt * 1000;
    const expired = events.find((e) => e.name === "expired");
    assert.equal(expired.payloadIsNull, true, "`expired` carries null");
    assert.ok(expired.at >= expiry - 50, `expired at ${expired.at}, before expiresAt ${expiry}`);
    assert.ok(expired.at <= expiry + 2000, `expired late: ${expired.at - expiry} ms after expiresAt`);
    assert.ok(polls.nulls.length > 0, "getSession() turned null");
    assert.ok(polls.nulls.every((at) => at >= expiry - 50), `getSession() was null before expiresAt: ${polls.nulls[0] - expiry} ms`);
    const lastLive = polls.count - polls.nulls.length;
    assert.ok(lastLive > 0, "getSession() returned the session before expiry");
    assert.equal(expectOk(await clientCall(page, "getSession")), null, "null after expiry");
    assert.equal(await storedSession(page), null, "the expired session was removed from storage");

    // The automatic renew (5 s before expiry) was refused the same way.
    const errors = events.filter((e) => e.name === "renew_error");
    assert.ok(errors.length >= 1, "automatic renew reported its failure");
    for (const e of errors) {
      assert.equal(e.error?.code, "oauth_error", JSON.stringify(e.error));
      assert.equal(e.error?.error, "login_required", JSON.stringify(e.error));
      assert.equal(e.error?.isError, true);
    }
    assert.ok(events.some((e) => e.name === "expiring"), "`expiring` came first");
    assert.deepEqual(events.filter((e) => e.name === "renewed"), []);
    assert.equal(op.stats.counts.token.total, 0, "nothing to redeem");
    assert.equal(await iframeCount(page), 0);
  });
}, LONG);

test("renew: signinSilent() times out when the provider never answers; old session kept", async ({ page, badOp }) => {
  const options = badOpOptions({ silentRedirectUri: SILENT_URL, silentTimeoutMs: 2000 });
  const first = await signInLive(page, options);
  badOp.setMode("authorize_hang");
  badOp.resetStats();

  const started = Date.now();
  const error = expectError(await clientCall(page, "signinSilent"), "timeout", "signinSilent");
  const elapsed = Date.now() - started;
  assert.equal(error.isError, true);
  assert.ok(elapsed >= 1900, `rejected after ${elapsed} ms, before silentTimeoutMs`);
  assert.ok(elapsed < 6000, `rejected after ${elapsed} ms`);
  assert.equal(badOp.stats().authorize, 1, "the iframe did ask the provider");
  assert.equal(badOp.stats().token, 0);
  assert.equal(await iframeCount(page), 0, "no iframe left after the timeout");
  assert.equal(await iframesAdded(page), 1);
  assert.equal(expectOk(await clientCall(page, "getSession"))?.accessToken, first.accessToken, "old session kept");
});

test("renew: a provider page that never sends the iframe back fails fast with iframe_error", async ({ page, badOp }) => {
  // silentTimeoutMs is long: the failure must come from the load on the provider's
  // origin plus the short grace period, not from the timeout.
  const options = badOpOptions({ silentRedirectUri: SILENT_URL, silentTimeoutMs: 20_000 });
  const first = await signInLive(page, options);
  badOp.setMode("authorize_stays");
  badOp.resetStats();

  const started = Date.now();
  const error = expectError(await clientCall(page, "signinSilent"), "iframe_error", "signinSilent");
  const elapsed = Date.now() - started;
  assert.equal(error.isError, true);
  assert.ok(elapsed < 6000, `rejected after ${elapsed} ms, silentTimeoutMs is 20000`);
  assert.equal(badOp.stats().authorize, 1, "the iframe did ask the provider");
  assert.equal(badOp.stats().token, 0);
  assert.equal(await iframeCount(page), 0, "no iframe left");
  assert.equal(expectOk(await clientCall(page, "getSession"))?.accessToken, first.accessToken, "old session kept");
});

test("renew: silentTimeoutMs 1 times out against the real provider", async ({ page }) => {
  const options = spaOptions({ silentRedirectUri: SILENT_URL, silentTimeoutMs: 1 });
  const first = await signInLive(page, options);
  expectError(await clientCall(page, "signinSilent"), "timeout", "signinSilent");
  await page.waitForTimeout(1500); // a late answer from the iframe must change nothing
  assert.equal(await iframeCount(page), 0, "no iframe left after the timeout");
  assert.equal(expectOk(await clientCall(page, "getSession"))?.accessToken, first.accessToken, "old session kept");
  assert.deepEqual(await recordedEvents(page, "renewed"), [], "no late renewal");
});

/**
 * Diagnostics for the two-tab test (shown when it fails): in every page of the
 * context, each Web Lock request, grant and release, with the tail of the access
 * token this tab's localStorage held when the lock was granted, and each
 * BroadcastChannel message received.
 */
function recordLocksAndBroadcasts() {
  const log = (window.__e2eLocks = []);
  const tail = () => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith("oidc-wasm:session:")) {
        try {
          return JSON.parse(localStorage.getItem(key)).accessToken.slice(-6);
        } catch {
          return "?";
        }
      }
    }
    return null;
  };
  const locks = navigator.locks;
  if (locks) {
    const request = locks.request.bind(locks);
    locks.request = (name, ...rest) => {
      const callback = rest.pop();
      log.push(`${Date.now()} lock requested`);
      return request(name, ...rest, async (lock) => {
        log.push(`${Date.now()} lock granted; localStorage holds …${tail()}`);
        try {
          return await callback(lock);
        } finally {
          log.push(`${Date.now()} lock released; localStorage holds …${tail()}`);
        }
      });
    };
  }
  const Channel = window.BroadcastChannel;
  window.BroadcastChannel = class extends Channel {
    constructor(name) {
      super(name);
      this.addEventListener("message", (event) => {
        log.push(`${Date.now()} broadcast received ${JSON.stringify(event.data)}; localStorage holds …${tail()}`);
      });
    }
  };
}

test("renew: two tabs with local storage renew once per cycle and share the session", async ({ page, context, log }) => {
  await context.addInitScript(recordLocksAndBroadcasts);
  await withShortTokens(async (op) => {
    const options = shortOptions({ storage: "local" });
    const first = await signInLive(page, options);
    const other = await context.newPage();
    other.on("console", (msg) => log(`[tab 2 console.${msg.type()}] ${msg.text()}`));
    await openApp(other, "/");
    await startClient(other, options);
    assert.equal(expectOk(await clientCall(other, "getSession"))?.accessToken, first.accessToken, "tab 2 sees the session");
    op.stats.reset();

    await Promise.all([waitForEvents(page, "renewed", 2, 35_000), waitForEvents(other, "renewed", 2, 35_000)]);
    await page.waitForTimeout(500); // let the slower tab catch up with the last cycle
    const [one, two] = [await recordedEvents(page), await recordedEvents(other)];
    const { token, requests } = op.stats.counts;
    const tokenTails = (events) => events.map((e) => `${e.name}${e.accessToken ? `(…${e.accessToken.slice(-6)})` : ""}@${e.at}`).join(", ");
    log(`tab 1: ${tokenTails(one)}`);
    log(`tab 2: ${tokenTails(two)}`);
    log(`tab 1 locks: ${(await page.evaluate(() => window.__e2eLocks)).join(" | ")}`);
    log(`tab 2 locks: ${(await other.evaluate(() => window.__e2eLocks)).join(" | ")}`);
    log(`stats: ${JSON.stringify(op.stats.counts)}`);

    const renewedOne = one.filter((e) => e.name === "renewed").map((e) => e.accessToken);
    const renewedTwo = two.filter((e) => e.name === "renewed").map((e) => e.accessToken);
    assert.deepEqual(one.filter((e) => e.name === "renew_error"), [], "no renew_error in tab 1");
    assert.deepEqual(two.filter((e) => e.name === "renew_error"), [], "no renew_error in tab 2");
    assert.deepEqual(renewedOne, renewedTwo, "both tabs saw the same renewals");
    assertAllDifferent([first.accessToken, ...renewedOne], "access tokens");
    assert.equal(token.total, renewedOne.length, `one token request per cycle (${renewedOne.length} cycles)`);
    assert.equal(requests["/auth"], renewedOne.length, "one authorization request per cycle");
    assert.equal((await iframesAdded(page)) + (await iframesAdded(other)), renewedOne.length, "one iframe per cycle");

    const inOne = expectOk(await clientCall(page, "getSession"));
    const inTwo = expectOk(await clientCall(other, "getSession"));
    assert.equal(inOne.accessToken, renewedOne.at(-1));
    assert.equal(inTwo.accessToken, inOne.accessToken, "both tabs hold the same access token");
    assert.equal(await iframeCount(page), 0);
    assert.equal(await iframeCount(other), 0);
  });
}, LONG);
