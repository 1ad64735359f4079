// Provider outages (issue #11, "Renewal you can trust"): a proxy in front of a
// real oidc-provider (provider/fault-proxy.mjs, E2E_FAULT_PORT, default 9200)
// refuses, hangs or answers 500 on chosen paths, during sign-in, manual and
// automatic renewal (refresh token and iframe), userinfo, revocation and logout.
//
// Every case asserts: a typed error within a bound; the old session kept (until
// it expires); the address bar clean; no iframe left behind; and the next
// attempt succeeding once the fault is lifted. The automatic-renew cases prove
// the promise: an outage shorter than the token's remaining lifetime
// never costs the user their session.
//
// Each test starts its own proxy and provider (token lifetimes differ) and stops
// them at the end; the hung requests die with the proxy.

import assert from "node:assert/strict";

import { startFaultProxy } from "../../provider/fault-proxy.mjs";
import {
  call, expectError, expectOk, nowSeconds, openApp, signIn, signinToCallback, spaOptions, storageContents,
  waitForLibrary,
} from "./app-driver.mjs";
import { APP_ORIGIN, FAULT_PORT, test } from "./harness.mjs";
import { introspect } from "./op-flows.mjs";
import {
  clientCall, iframeCount, iframesAdded, persistedEvents, recordedEvents, signInLive, startClient, startPolling,
  stopPolling, storedSession, summarise, waitForEvents,
} from "./live-client.mjs";

const SILENT_URL = `${APP_ORIGIN}/silent.html`;
const SIGNED_OUT_URL = `${APP_ORIGIN}/signed-out`;
/** requestTimeoutMs of the cases where a request hangs. */
const REQUEST_TIMEOUT_MS = 2000;
/** How long a rejection may take beyond the timeout that causes it (wasm, page, harness). */
const SLACK_MS = 3000;
/** A failure that needs no timeout (500, refused connection) comes back within this. */
const FAST_MS = 3000;
const LONG = { timeoutMs: 90_000 };

/** The open proxy, if any: a test the harness gave up on (timeout) may not have closed it yet. */
let openProxy = null;

/** Runs `fn(proxy)` with a fault proxy in front of a fresh autoLogin provider; always closes it. */
async function withProxy({ tokenTtl = 3600 } = {}, fn) {
  if (openProxy) await openProxy.close();
  const proxy = (openProxy = await startFaultProxy({
    port: FAULT_PORT,
    appOrigin: APP_ORIGIN,
    autoLogin: true,
    accessTokenTtl: tokenTtl,
    idTokenTtl: tokenTtl,
  }));
  try {
    return await fn(proxy);
  } finally {
    await proxy.close();
    if (openProxy === proxy) openProxy = null;
  }
}

function proxyOptions(proxy, extra = {}) {
  return spaOptions({ authority: proxy.issuer, silentRedirectUri: SILENT_URL, scope: "openid profile", ...extra });
}

/** `what()` and how long it took, in ms. */
async function timed(what) {
  const started = Date.now();
  const value = await what();
  return { value, elapsed: Date.now() - started };
}

/** No authorization response left in the address bar (query or fragment). */
function assertAddressBarClean(page, what = "address bar") {
  const url = new URL(page.url());
  assert.ok(url.href.startsWith(APP_ORIGIN), `${what}: still on the app (${url.href})`);
  const fragment = new URLSearchParams(url.hash.slice(1));
  for (const name of ["code", "state", "iss", "error", "session_state"]) {
    assert.equal(url.searchParams.has(name), false, `${what}: "${name}" in the query: ${url.href}`);
    assert.equal(fragment.has(name), false, `${what}: "${name}" in the fragment: ${url.href}`);
  }
}

/** Storage keys of pending sign-ins (`oidc-wasm:tx:…`) and of sessions, in both areas. */
async function libraryKeys(page) {
  const { session, local } = await storageContents(page);
  const keys = [...Object.keys(session), ...Object.keys(local)];
  return {
    pending: keys.filter((k) => k.startsWith("oidc-wasm:tx:")),
    sessions: keys.filter((k) => k.startsWith("oidc-wasm:session:")),
  };
}

/** Web Locks this page holds or waits for (the renewal lock must not outlive a failure). */
function heldLocks(page) {
  return page.evaluate(async () => {
    const { held, pending } = await navigator.locks.query();
    return { held: held.map((l) => l.name), pending: pending.map((l) => l.name) };
  });
}

/** The old session, still there: getSession() and storage both give its access token. */
async function assertSessionKept(page, first, what) {
  const now = expectOk(await clientCall(page, "getSession"), `getSession (${what})`);
  assert.equal(now?.accessToken, first.accessToken, `${what}: getSession() still returns the old session`);
  assert.equal((await storedSession(page))?.value.accessToken, first.accessToken, `${what}: the old session is still stored`);
  assert.deepEqual(await recordedEvents(page, "signed_out"), [], `${what}: no signed_out`);
  assert.equal(await iframeCount(page), 0, `${what}: no iframe left`);
}

/** After a timeout the library must abort its request, not just stop waiting: the proxy sees the connection close. */
async function assertHungRequestsAborted(proxy, what) {
  const deadline = Date.now() + 2000;
  while (proxy.hanging > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(proxy.hanging, 0, `${what}: the timed-out request is still open at the proxy (not aborted)`);
}

function sum(table) {
  return Object.values(table).reduce((a, b) => a + b, 0);
}

// ------------------------------------------------------------------ sign-in

const SIGNIN_FAULTS = [
  ["hang", "timeout"],
  // Headers and the first bytes arrive, the body never ends: the deadline covers the body.
  ["hang_body", "timeout"],
  ["500", "http_error"],
  ["refuse", "network_error"],
  // A body past 1 MiB is refused: by its Content-Length, or by its length once read.
  ["huge", "invalid_response"],
  ["huge_chunked", "invalid_response"],
];

for (const [kind, code] of SIGNIN_FAULTS) {
  test(`faults: sign-in, token endpoint ${kind} -> ${code}; URL clean, nothing stored, the next sign-in works`, async ({ page, log }) => {
    await withProxy({}, async (proxy) => {
      const options = proxyOptions(proxy, { requestTimeoutMs: REQUEST_TIMEOUT_MS, automaticSilentRenew: false });
      const callbackUrl = new URL(await signinToCallback(page, options));
      assert.ok(callbackUrl.searchParams.has("code") && callbackUrl.searchParams.has("state"), `a code came back: ${callbackUrl}`);
      assert.equal((await libraryKeys(page)).pending.length, 1, "one pending sign-in before the callback");

      proxy.setFault("/token", kind);
      const { value: result, elapsed } = await timed(() => call(page, options, "handleRedirectCallback"));
      log(`handleRedirectCallback: ${JSON.stringify(result)} after ${elapsed} ms; proxy ${JSON.stringify(proxy.counts)}`);
      const error = expectError(result, code, "handleRedirectCallback");
      assert.equal(error.name, "OidcError");
      if (kind.startsWith("huge")) assert.match(error.message, /larger than 1 MiB/);
      if (kind.startsWith("hang")) {
        assert.ok(elapsed >= REQUEST_TIMEOUT_MS - 100, `timed out after ${elapsed} ms, before requestTimeoutMs`);
        assert.ok(elapsed < REQUEST_TIMEOUT_MS + SLACK_MS, `timed out only after ${elapsed} ms`);
        await assertHungRequestsAborted(proxy, "handleRedirectCallback");
      } else {
        assert.ok(elapsed < FAST_MS, `a ${kind} took ${elapsed} ms to surface`);
      }
      assert.ok(proxy.counts.faulted["/token"] >= 1, "the token request met the fault");
      assert.equal(proxy.op.stats.counts.token.total, 0, "no token request reached the provider");

      assertAddressBarClean(page, "after the failed callback");
      const keys = await libraryKeys(page);
      assert.deepEqual(keys.sessions, [], "no session stored");
      assert.deepEqual(keys.pending, [], "no pending sign-in left");
      assert.equal(await iframeCount(page), 0);

      proxy.clearFaults();
      const { session } = await signIn(page, options);
      assert.equal(session.claims.sub, "user-1", "signed in once the fault is lifted");
      assertAddressBarClean(page, "after the next sign-in");
      const after = await libraryKeys(page);
      assert.equal(after.sessions.length, 1, "the new session is stored");
      assert.deepEqual(after.pending, [], "no pending sign-in left");
    });
  });
}

// ------------------------------------------------------- manual renew (refresh)

test("faults: signinSilent() with a refresh token, token endpoint hang -> timeout; session and lock kept/released; retry works", async ({ page, log }) => {
  await withProxy({}, async (proxy) => {
    const options = proxyOptions(proxy, {
      scope: "openid profile offline_access",
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      automaticSilentRenew: false,
    });
    const first = await signInLive(page, options, { prompt: "consent" });
    assert.equal(typeof first.refreshToken, "string", "offline_access with prompt=consent gives a refresh token");

    proxy.setFault("/token", "hang");
    const { value: result, elapsed } = await timed(() => clientCall(page, "signinSilent"));
    log(`signinSilent: ${JSON.stringify(result)} after ${elapsed} ms; proxy ${JSON.stringify(proxy.counts)}`);
    expectError(result, "timeout", "signinSilent");
    assert.ok(elapsed >= REQUEST_TIMEOUT_MS - 100, `timed out after ${elapsed} ms, before requestTimeoutMs`);
    assert.ok(elapsed < REQUEST_TIMEOUT_MS + SLACK_MS, `timed out only after ${elapsed} ms`);
    assert.equal(proxy.counts.faulted["/token"], 1, "one refresh request, hung");
    await assertHungRequestsAborted(proxy, "signinSilent");

    await assertSessionKept(page, first, "after the timeout");
    assert.equal((await storedSession(page)).value.refreshToken, first.refreshToken, "the refresh token is kept");
    assert.equal(await iframesAdded(page), 0, "a timeout is no refusal: no iframe fallback");
    assert.deepEqual((await heldLocks(page)).held, [], "the renewal lock was released");
    assertAddressBarClean(page);

    proxy.clearFaults();
    const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent after the fault is lifted");
    assert.notEqual(renewed.accessToken, first.accessToken, "a new access token");
    assert.notEqual(renewed.refreshToken, first.refreshToken, "the refresh token rotated");
    assert.deepEqual(proxy.op.stats.counts.token.byGrantType, { authorization_code: 1, refresh_token: 1 });
    assert.equal(expectOk(await clientCall(page, "getSession"))?.accessToken, renewed.accessToken, "stored");
    assert.equal(await iframeCount(page), 0);
    assert.deepEqual((await heldLocks(page)).held, []);
  });
});

// --------------------------------------------------- automatic renew (refresh)

/**
 * Waits for `errors` renew_error events (the fault in force), checks the old
 * session meanwhile, lifts the fault and waits for `renewed`; returns what the
 * page saw. getSession() is polled throughout: it must never turn null.
 */
async function outageThenRecovery(page, proxy, first, { errors = 2, log }) {
  await startPolling(page, 250);
  const liveMs = first.expiresAt * 1000 - Date.now();
  await waitForEvents(page, "renew_error", errors, liveMs);
  await assertSessionKept(page, first, `after ${errors} failed renewals`);
  const faulted = sum(proxy.counts.faulted);
  proxy.clearFaults();
  const liftedAt = Date.now();
  log(`fault lifted at ${liftedAt}, ${first.expiresAt * 1000 - liftedAt} ms before expiry; proxy ${JSON.stringify(proxy.counts)}`);

  await waitForEvents(page, "renewed", 1, Math.max(first.expiresAt * 1000 - Date.now(), 0) + 2000);
  await page.waitForTimeout(300);
  const polls = await stopPolling(page);
  const events = await recordedEvents(page);
  log(`expiresAt ${first.expiresAt * 1000}; events: ${summarise(events)}`);
  log(`polls ${polls.count}, nulls ${polls.nulls.length}; provider ${JSON.stringify(proxy.op.stats.counts)}`);
  return { events, polls, faulted, liftedAt };
}

/** The renewal that came once the fault was lifted beat the old session's expiry; nothing was lost meanwhile. */
function assertRecoveredInTime({ events, polls, liftedAt }, first) {
  const renewed = events.filter((e) => e.name === "renewed");
  assert.equal(renewed.length >= 1, true);
  assert.ok(renewed[0].at >= liftedAt, "no renewal while the fault was in force");
  assert.ok(
    renewed[0].at < first.expiresAt * 1000,
    `renewed at ${renewed[0].at}, after the old session expired at ${first.expiresAt * 1000}`,
  );
  assert.notEqual(renewed[0].accessToken, first.accessToken, "a new access token");
  assert.equal(renewed[0].storedAccessToken, renewed[0].accessToken, "stored before `renewed`");
  assert.ok(renewed[0].expiresAt > first.expiresAt, "the new session lives longer");
  assert.deepEqual(events.filter((e) => e.name === "expired"), [], "no `expired`");
  assert.deepEqual(events.filter((e) => e.name === "signed_out"), [], "no `signed_out`");
  assert.ok(polls.count >= 10, `getSession() was polled (${polls.count} times)`);
  assert.deepEqual(polls.errors, []);
  assert.deepEqual(polls.nulls, [], "getSession() never returned null during the outage");
}

/** Each renew_error is typed, came after an `expiring`, and the attempts were spaced (a retry schedule, not a loop). */
function assertTypedRetries(events, code, { minGapMs }) {
  const errors = events.filter((e) => e.name === "renew_error");
  assert.ok(errors.length >= 2, `retried: ${errors.length} renew_error events: ${summarise(events)}`);
  for (const e of errors) {
    assert.equal(e.error?.isError, true, `renew_error carries an Error: ${JSON.stringify(e.error)}`);
    assert.equal(e.error?.code, code, `renew_error code: ${JSON.stringify(e.error)}`);
  }
  for (let i = 1; i < errors.length; i += 1) {
    const gap = errors[i].at - errors[i - 1].at;
    assert.ok(gap >= minGapMs, `retry ${i} came ${gap} ms after the previous failure (expected >= ${minGapMs})`);
  }
  assert.ok(errors.length <= 6, `${errors.length} failures in one token lifetime: a retry loop?`);
  return errors;
}

const AUTO_REFRESH_FAULTS = [
  // [what, path prefix, kind, code, token lifetime s, least gap between failures ms]
  ["token endpoint 500", "/token", "500", "http_error", 10, 900],
  ["whole provider refusing connections", "/", "refuse", "network_error", 10, 900],
  // A hang costs requestTimeoutMs per attempt: 20 s tokens leave room for two.
  ["token endpoint hanging", "/token", "hang", "timeout", 20, 900 + REQUEST_TIMEOUT_MS],
];

for (const [what, prefix, kind, code, tokenTtl, minGapMs] of AUTO_REFRESH_FAULTS) {
  test(`faults: automatic renew (refresh token), ${what}: retries, session kept, renewed before expiry once lifted`, async ({ page, log }) => {
    await withProxy({ tokenTtl }, async (proxy) => {
      const options = proxyOptions(proxy, { scope: "openid profile offline_access", requestTimeoutMs: REQUEST_TIMEOUT_MS });
      const first = await signInLive(page, options, { prompt: "consent" });
      assert.equal(typeof first.refreshToken, "string", "offline_access with prompt=consent gives a refresh token");
      assert.ok(first.expiresAt - nowSeconds() <= tokenTtl, "the short-lived token");
      proxy.setFault(prefix, kind); // before the first renewal, at half the lifetime
      proxy.op.stats.reset();

      const seen = await outageThenRecovery(page, proxy, first, { log });
      assertTypedRetries(seen.events, code, { minGapMs });
      assert.ok(seen.faulted >= 2, `the retries reached the network (${seen.faulted} faulted requests)`);
      assertRecoveredInTime(seen, first);
      if (kind === "hang") await assertHungRequestsAborted(proxy, "automatic renew");

      const renewed = seen.events.find((e) => e.name === "renewed");
      assert.notEqual(renewed.refreshToken, first.refreshToken, "the refresh token rotated");
      assert.equal(renewed.storedRefreshToken, renewed.refreshToken);
      assert.deepEqual(proxy.op.stats.counts.token.byGrantType, { refresh_token: 1 }, "one refresh reached the provider");
      assert.equal(await iframesAdded(page), 0, "transport failures are no refusal: no iframe fallback");
      assert.equal(await iframeCount(page), 0);
      assertAddressBarClean(page);
    });
  }, LONG);
}

// ---------------------------------------------------- automatic renew (iframe)

/** silentTimeoutMs of the iframe cases; a failure must come well before it. */
const SILENT_TIMEOUT_MS = 8000;
const IFRAME_FAIL_FAST_MS = 5000;

for (const kind of ["500", "refuse"]) {
  test(`faults: automatic renew (iframe), authorization endpoint ${kind}: iframe_error fast, no iframe left, renewed before expiry once lifted`, async ({ page, log }) => {
    // 20 s tokens: the first attempt at 10 s, two fast failures (1.5 s grace each) and a retry left before expiry.
    await withProxy({ tokenTtl: 20 }, async (proxy) => {
      const options = proxyOptions(proxy, { silentTimeoutMs: SILENT_TIMEOUT_MS });
      const first = await signInLive(page, options);
      assert.equal(first.refreshToken ?? undefined, undefined, "no offline_access, no refresh token: the iframe renews");
      proxy.setFault("/auth", kind);
      proxy.op.stats.reset();

      const seen = await outageThenRecovery(page, proxy, first, { log });
      const errors = assertTypedRetries(seen.events, "iframe_error", { minGapMs: 900 });
      for (const error of errors) {
        const expiring = seen.events.filter((e) => e.name === "expiring" && e.at <= error.at).at(-1);
        assert.ok(expiring, `an \`expiring\` before the renew_error at ${error.at}`);
        const took = error.at - expiring.at;
        assert.ok(took < IFRAME_FAIL_FAST_MS, `a failed iframe attempt took ${took} ms (silentTimeoutMs ${SILENT_TIMEOUT_MS}): not fast`);
        assert.equal(error.iframesLater, 0, `an iframe was left after the failure at ${error.at}`);
      }
      assert.ok((proxy.counts.faulted["/auth"] ?? 0) >= 2, `each attempt asked the provider: ${JSON.stringify(proxy.counts)}`);
      assertRecoveredInTime(seen, first);

      const renewed = seen.events.filter((e) => e.name === "renewed");
      assert.equal(renewed[0].iframesLater, 0, "no iframe left after the renewal");
      assert.equal(await iframesAdded(page), errors.length + renewed.length, "one iframe per attempt");
      assert.equal(await iframeCount(page), 0, "no iframe left");
      assert.deepEqual(proxy.op.stats.counts.token.byGrantType, { authorization_code: renewed.length });
      assertAddressBarClean(page);
    });
  }, LONG);
}

// ----------------------------------------------------------------- userinfo

test("faults: getUserInfo() with userinfo hanging, 500, refused -> timeout, http_error, network_error; session kept; works once lifted", async ({ page, log }) => {
  await withProxy({}, async (proxy) => {
    const options = proxyOptions(proxy, { scope: "openid profile email", requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const first = await signInLive(page, options);

    for (const [kind, code, bound] of [["hang", "timeout", REQUEST_TIMEOUT_MS + SLACK_MS], ["500", "http_error", FAST_MS], ["refuse", "network_error", FAST_MS]]) {
      proxy.setFault("/me", kind);
      const { value: result, elapsed } = await timed(() => clientCall(page, "getUserInfo"));
      log(`/me ${kind}: ${JSON.stringify(result)} after ${elapsed} ms`);
      expectError(result, code, `getUserInfo with /me ${kind}`);
      assert.ok(elapsed < bound, `/me ${kind}: rejected after ${elapsed} ms`);
      if (kind.startsWith("hang")) {
        assert.ok(elapsed >= REQUEST_TIMEOUT_MS - 100, `timed out after ${elapsed} ms, before requestTimeoutMs`);
        await assertHungRequestsAborted(proxy, "getUserInfo");
      }
      await assertSessionKept(page, first, `after /me ${kind}`);
    }
    assert.ok((proxy.counts.faulted["/me"] ?? 0) >= 3, `userinfo met each fault: ${JSON.stringify(proxy.counts)}`);

    proxy.clearFaults();
    const info = expectOk(await clientCall(page, "getUserInfo"), "getUserInfo once the fault is lifted");
    assert.equal(info.sub, "user-1");
    assert.equal(info.email, "ada@example.com");
    await assertSessionKept(page, first, "at the end");
    assertAddressBarClean(page);
  });
});

// --------------------------------------------------------------- revocation

test("faults: revoke() with revocation failing -> typed error; revoke(token) keeps the session, revoke() still signs out", async ({ page, log }) => {
  await withProxy({}, async (proxy) => {
    const options = proxyOptions(proxy, { scope: "openid profile offline_access", requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const first = await signInLive(page, options, { prompt: "consent" });
    const active = async (token) => (await introspect(token, { issuer: proxy.issuer })).body.active;

    for (const [kind, code, bound] of [["500", "http_error", FAST_MS], ["refuse", "network_error", FAST_MS], ["hang", "timeout", REQUEST_TIMEOUT_MS + SLACK_MS]]) {
      proxy.setFault("/token/revocation", kind);
      const { value: result, elapsed } = await timed(() => clientCall(page, "revoke", first.accessToken, "access_token"));
      log(`/token/revocation ${kind}: ${JSON.stringify(result)} after ${elapsed} ms`);
      const error = expectError(result, code, `revoke(token, hint) with /token/revocation ${kind}`);
      if (kind === "500") assert.equal(error.status, 500, "http_error carries the status");
      if (kind === "hang") await assertHungRequestsAborted(proxy, "revoke(token, hint)");
      assert.ok(elapsed < bound, `/token/revocation ${kind}: rejected after ${elapsed} ms`);
      await assertSessionKept(page, first, `after /token/revocation ${kind}`);
    }
    assert.equal(await active(first.accessToken), true, "the access token was not revoked");

    proxy.clearFaults();
    expectOk(await clientCall(page, "revoke", first.accessToken, "access_token"), "revoke(token, hint) once the fault is lifted");
    assert.equal(await active(first.accessToken), false, "revoked once the fault is lifted");
    await assertSessionKept(page, first, "revoke(token, hint) leaves the session");

    // revoke() without arguments: the user asked to leave, so the session goes even when revocation fails.
    proxy.setFault("/token/revocation", "500");
    const failed = expectError(await clientCall(page, "revoke"), "http_error", "revoke() with /token/revocation 500");
    assert.equal(failed.status, 500);
    assert.equal(expectOk(await clientCall(page, "getSession")), null, "revoke(): the local session is gone anyway");
    assert.equal(await storedSession(page), null, "revoke(): nothing stored");
    assert.equal((await recordedEvents(page, "signed_out")).length, 1, "revoke(): signed_out emitted");
    assert.equal(await active(first.refreshToken), true, "the refresh token's revocation failed too");
    assertAddressBarClean(page);
  });
});

// ------------------------------------------------------------------- logout

/** Starts signoutRedirect on the page's client; resolves with a rejection message, or null when it left. */
function startSignout(page, signoutOptions) {
  return page
    .evaluate(async (signoutOptions) => {
      try {
        await window.__e2e.client.signoutRedirect(signoutOptions);
        return null;
      } catch (err) {
        return `${err?.code}: ${err?.message ?? err}`;
      }
    }, signoutOptions)
    .catch((err) => {
      if (/context was destroyed|navigat|Target closed/i.test(err.message)) return null;
      throw err;
    });
}

test("faults: signoutRedirect() with end_session 500 still removes the local session and emits signed_out first", async ({ page, log }) => {
  await withProxy({}, async (proxy) => {
    const options = proxyOptions(proxy);
    const session = await signInLive(page, options);
    const signoutOptions = { postLogoutRedirectUri: SIGNED_OUT_URL, state: "bye" };

    proxy.setFault("/session/end", "500");
    const atProvider = page.waitForURL((url) => url.href.startsWith(`${proxy.issuer}/session/end`), { timeout: 15_000 });
    atProvider.catch(() => {});
    const failure = await Promise.race([startSignout(page, signoutOptions), atProvider.then(() => null)]);
    if (failure) assert.fail(`signoutRedirect rejected: ${failure}`);
    await atProvider;
    const endSession = new URL(page.url());
    log(`landed on ${endSession.href}; proxy ${JSON.stringify(proxy.counts)}`);
    assert.equal(endSession.searchParams.get("id_token_hint"), session.idToken);
    assert.equal(proxy.counts.faulted["/session/end"], 1, "the browser met the broken end_session endpoint");

    // Back on the app (same tab: its sessionStorage): nothing of the session is left.
    await openApp(page, "/");
    const events = await persistedEvents(page);
    const signedOut = events.filter((e) => e.name === "signed_out");
    assert.equal(signedOut.length, 1, `signed_out once before leaving: ${JSON.stringify(events)}`);
    assert.equal(signedOut[0].sessionStored, false, "the session was removed before signed_out");
    assert.deepEqual(await libraryKeys(page), { pending: [], sessions: [] }, "no session, no pending sign-in");
    await startClient(page, options);
    assert.equal(expectOk(await clientCall(page, "getSession")), null, "no local session");
    assertAddressBarClean(page);

    // Lifted: sign in again (the provider session survived the failed logout), then log out for real.
    proxy.clearFaults();
    const again = await signInLive(page, options);
    assert.equal(again.claims.sub, "user-1");
    const landed = page.waitForURL((url) => url.href.startsWith(`${SIGNED_OUT_URL}?`), { timeout: 20_000 });
    landed.catch(() => {});
    const failureAgain = await Promise.race([startSignout(page, signoutOptions), landed.then(() => null)]);
    if (failureAgain) assert.fail(`signoutRedirect rejected: ${failureAgain}`);
    await landed;
    assert.equal(new URL(page.url()).searchParams.get("state"), "bye", "back on the post-logout URI");
    await waitForLibrary(page);
    await startClient(page, options);
    assert.equal(expectOk(await clientCall(page, "getSession")), null, "no local session");
    const refused = expectError(await clientCall(page, "signinSilent"), "oauth_error", "signinSilent after logout");
    assert.equal(refused.error, "login_required", "the provider session ended this time");
    assert.equal(await iframeCount(page), 0);
  });
});
