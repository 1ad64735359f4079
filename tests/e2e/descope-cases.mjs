// The cases of tests/e2e/descope-run.mjs (see there for the servers and the browser's flags):
// OidcClient.descope against the Descope-shaped provider (provider/descope-op.mjs), in Chromium,
// and OidcClient.clientCredentials from Node with a Descope access key.
//
// Not a *.test.mjs file on purpose: run.mjs imports those into the shared e2e browser, which has
// neither the host mapping nor the certificate exception these cases need.
//
// A test function receives `t`:
//   t.page, t.context    a fresh browser context of the suite's Chromium and a page in it
//   t.op                 the provider: { requests, resetRequests, setUnlistedKey, hosts, port, cert }
//   t.httpAppOrigin      the test app on http://localhost:<port> (another site than every provider host)
//   t.siteAppOrigin      the test app on https://app.example.test (the custom domain's site)
//   t.launchOptions      how the suite's Chromium was launched (for a browser of a test's own)
//   t.watch(page)        collect a page's console into the test's log
//   t.log(...)           shown only when the test fails
//
// Expected URLs are written out here (api.euw1.descope.com, …) rather than derived with the
// provider's helpers, so that the library's URL rules are checked against Descope's, not
// against themselves.

import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

import {
  ACCESS_KEY, CUSTOM_DOMAIN, DEFAULT_PROJECT_ID, DESCOPE_HOST, REGIONAL_PROJECT_ID, SIGNING_KID,
} from "../../provider/descope-op.mjs";
import { assertStorageHoldsNone, expectError, expectOk, waitForLibrary } from "./app-driver.mjs";
import { defaultPkgDir } from "./static-server.mjs";

/** The test app's host on the custom domain's site (example.test). */
export const APP_SITE_HOST = "app.example.test";
const REGIONAL_HOST = "api.euw1.descope.com";
const TEST_SUB = "user-1";

const registered = [];
function test(name, fn, { timeoutMs } = {}) {
  if (registered.some((t) => t.name === name)) throw new Error(`duplicate test name: ${name}`);
  registered.push({ name, fn, timeoutMs });
}
export function registeredTests() {
  return [...registered];
}

// ---------------------------------------------------------------------------------------------
// In the page: one OidcClient.descope client (window.__descope.client), its calls, its iframes.

/** Opens the app at `origin` and waits for the package to load. */
async function openApp(page, origin, path = "/") {
  await page.goto(`${origin}${path}`);
  await waitForLibrary(page);
}

/** Creates the page's client with OidcClient.descope(options) and counts iframes added from then on. */
async function startClient(page, options) {
  const failure = await page.evaluate(async (options) => {
    const d = {
      client: null,
      iframesAdded: 0,
      plainError: (err) => ({
        isError: err instanceof Error,
        name: err?.name,
        message: err?.message ?? String(err),
        code: err?.code,
        error: err?.error,
        error_description: err?.error_description,
        status: err?.status,
        thirdPartyCookiesLikely: err?.thirdPartyCookiesLikely,
      }),
    };
    window.__descope = d;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node.nodeName === "IFRAME") d.iframesAdded += 1;
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
    try {
      d.client = await window.oidcWasm.OidcClient.descope(options);
      return null;
    } catch (err) {
      return `${err?.code}: ${err?.message ?? err}`;
    }
  }, options);
  if (failure) throw new Error(`OidcClient.descope rejected: ${failure}`);
}

/** `client[method](...args)` on the page's client: { ok: true, value } or { ok: false, error }. */
function clientCall(page, method, ...args) {
  return page.evaluate(
    async ({ method, args }) => {
      const d = window.__descope;
      try {
        return { ok: true, value: await d.client[method](...args) };
      } catch (err) {
        return { ok: false, error: d.plainError(err) };
      }
    },
    { method, args },
  );
}

const iframesAdded = (page) => page.evaluate(() => window.__descope.iframesAdded);
const iframesNow = (page) => page.evaluate(() => document.querySelectorAll("iframe").length);

/** The session the library stored (first `oidc-wasm:session:*` key), parsed, or null. */
function storedSession(page) {
  return page.evaluate(() => {
    for (const area of [sessionStorage, localStorage]) {
      for (const key of Object.keys(area)) {
        if (key.startsWith("oidc-wasm:session:")) return JSON.parse(area.getItem(key));
      }
    }
    return null;
  });
}

/**
 * From the app's home page at `origin`: OidcClient.descope(options).signinRedirect(signinOptions),
 * then wait until the provider sent the browser back to redirectUri and the package loaded there.
 * Returns the callback URL as the provider sent it.
 */
async function signinToCallback(page, origin, options, signinOptions = {}) {
  await openApp(page, origin);
  const landed = page.waitForURL((url) => url.href.startsWith(`${options.redirectUri}?`), { timeout: 20_000 });
  landed.catch(() => {}); // awaited below
  const started = page
    .evaluate(async ({ options, signinOptions }) => {
      try {
        const client = await window.oidcWasm.OidcClient.descope(options);
        await client.signinRedirect(signinOptions);
        return null;
      } catch (err) {
        return `${err?.code}: ${err?.message ?? err}`;
      }
    }, { options, signinOptions })
    .catch((err) => {
      if (/context was destroyed|navigat|Target closed/i.test(err.message)) return null;
      throw err;
    });
  const failure = await Promise.race([started, landed.then(() => null)]);
  if (failure) throw new Error(`signinRedirect rejected: ${failure}`);
  await landed;
  const callbackUrl = page.url();
  await waitForLibrary(page);
  return callbackUrl;
}

/** Sign-in as an app does it; the page's client (startClient) handles the callback. */
async function signIn(page, origin, options, signinOptions = {}) {
  const callbackUrl = await signinToCallback(page, origin, options, signinOptions);
  await startClient(page, options);
  const session = expectOk(await clientCall(page, "handleRedirectCallback"), "handleRedirectCallback");
  return { session, callbackUrl };
}

/** fetch() from the page (the app's origin, so CORS applies as it does to the library). */
function pageFetch(page, url, { method = "GET", form, bearer } = {}) {
  return page.evaluate(
    async ({ url, method, form, bearer }) => {
      const headers = {};
      let body;
      if (form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(form).toString();
      }
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text };
    },
    { url, method, form, bearer },
  );
}

// ---------------------------------------------------------------------------------------------
// The provider's side.

/** The provider requests to `host` and `path` (any method), in order. */
function requestsTo(op, host, path) {
  return op.requests.filter((r) => r.host === host && r.path === path);
}

function hostsSeen(op) {
  return [...new Set(op.requests.map((r) => r.host))].sort();
}

// ---------------------------------------------------------------------------------------------
// Three ways to reach a Descope project.

const SCENARIOS = [
  {
    label: "default region",
    host: DESCOPE_HOST,
    projectId: DEFAULT_PROJECT_ID,
    app: "http",
    extra: {},
    presetScope: true,
  },
  {
    label: "regional project (euw1)",
    host: REGIONAL_HOST,
    projectId: REGIONAL_PROJECT_ID,
    app: "http",
    extra: {},
    presetScope: true,
  },
  {
    // The regional project on its custom domain: baseUrl wins over the region in the ID. The app
    // is on the same site (example.test); the preset then leaves the scope to the app.
    label: "custom domain",
    host: CUSTOM_DOMAIN,
    projectId: REGIONAL_PROJECT_ID,
    app: "site",
    extra: { baseUrl: `https://${CUSTOM_DOMAIN}`, scope: "openid offline_access" },
    presetScope: false,
  },
];

const appOriginOf = (t, scenario) => (scenario.app === "site" ? t.siteAppOrigin : t.httpAppOrigin);
const issuerOf = (scenario) => `https://${scenario.host}/${scenario.projectId}`;
const endpoint = (scenario, name) => `https://${scenario.host}/oauth2/v1/${name}`;

test("descope: the project IDs carry the regions the tests expect", async () => {
  // Descope: the region is projectId.slice(1, -27); a default-region ID is P + 27 characters.
  assert.equal(DEFAULT_PROJECT_ID.length, 28);
  assert.equal(DEFAULT_PROJECT_ID.slice(1, -27), "");
  assert.equal(REGIONAL_PROJECT_ID.length, 32);
  assert.ok(REGIONAL_PROJECT_ID.startsWith("Peuw1"));
  assert.equal(REGIONAL_PROJECT_ID.slice(1, -27), "euw1");
});

test("descope preset: its metadata equals the provider's own discovery document (and OidcClient.create's) on each host", async (t) => {
  await openApp(t.page, t.httpAppOrigin);
  for (const scenario of SCENARIOS) {
    const options = { projectId: scenario.projectId, redirectUri: `${t.httpAppOrigin}/callback`, ...scenario.extra };
    const discoveryUrl = `https://${scenario.host}/${scenario.projectId}/.well-known/openid-configuration`;
    const { meta, doc, failure } = await t.page.evaluate(
      async ({ options, discoveryUrl }) => {
        try {
          const client = await window.oidcWasm.OidcClient.descope(options);
          const doc = await (await fetch(discoveryUrl)).json();
          return { meta: client.metadata, doc };
        } catch (err) {
          return { failure: `${err?.code}: ${err?.message ?? err}` };
        }
      },
      { options, discoveryUrl },
    );
    assert.equal(failure, undefined, `${scenario.label}: ${failure}`);
    // Discovery from the issuer (OidcClient.create) finds the same document.
    const discovered = await t.page.evaluate(
      async (options) => {
        try {
          return (await window.oidcWasm.OidcClient.create(options)).metadata;
        } catch (err) {
          return { failure: `${err?.code}: ${err?.message ?? err}` };
        }
      },
      { authority: issuerOf(scenario), clientId: scenario.projectId, redirectUri: options.redirectUri },
    );
    assert.equal(discovered.failure, undefined, `${scenario.label}: discovery: ${discovered.failure}`);
    assert.equal(meta.issuer, issuerOf(scenario), `${scenario.label}: issuer`);
    assert.equal(meta.authorization_endpoint, endpoint(scenario, "authorize"), `${scenario.label}: authorize`);
    for (const name of [
      "issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
      "end_session_endpoint", "revocation_endpoint",
    ]) {
      assert.equal(meta[name], doc[name], `${scenario.label}: the preset's ${name} is the provider's`);
      assert.equal(discovered[name], doc[name], `${scenario.label}: discovery's ${name}`);
    }
  }
});

for (const scenario of SCENARIOS) {
  test(`descope ${scenario.label}: sign-in verified, userinfo, refresh-token renew with rotation, revoke`, async (t) => {
    const { page, op } = t;
    const origin = appOriginOf(t, scenario);
    const options = { projectId: scenario.projectId, redirectUri: `${origin}/callback`, ...scenario.extra };
    const issuer = issuerOf(scenario);

    const { session, callbackUrl } = await signIn(page, origin, options);
    t.log(`callback: ${callbackUrl}`);
    assert.equal(session.claims.iss, issuer, "the verified ID token's issuer");
    assert.equal(session.claims.sub, TEST_SUB);
    assert.deepEqual([session.claims.aud].flat(), [scenario.projectId], "audience: the project ID");
    assert.equal(typeof session.refreshToken, "string", "offline_access: a refresh token");

    const [authorize] = requestsTo(op, scenario.host, "/oauth2/v1/authorize");
    assert.ok(authorize, "the authorization request went to the project's host");
    assert.equal(authorize.query.client_id, scenario.projectId, "client_id: the project ID");
    assert.equal(authorize.query.code_challenge_method, "S256");
    if (scenario.presetScope) {
      assert.deepEqual(authorize.query.scope.split(" ").sort(), ["offline_access", "openid"], "the preset's scope");
    }
    const codeExchange = requestsTo(op, scenario.host, "/oauth2/v1/token").filter((r) => r.grantType === "authorization_code");
    assert.deepEqual(codeExchange.map((r) => r.status), [200], "one code exchange");
    const jwks = requestsTo(op, scenario.host, `/${scenario.projectId}/.well-known/jwks.json`);
    assert.ok(jwks.length >= 1 && jwks.every((r) => r.status === 200), "the ID token was checked against the project's JWKS");
    assert.deepEqual(hostsSeen(op), [scenario.host], "no request to any other host");

    // UserInfo
    op.resetRequests();
    const info = expectOk(await clientCall(page, "getUserInfo"), "getUserInfo");
    assert.equal(info.sub, TEST_SUB);
    assert.deepEqual(requestsTo(op, scenario.host, "/oauth2/v1/userinfo").filter((r) => r.method !== "OPTIONS").map((r) => r.status), [200]);

    // Renewal by the refresh token, which the provider rotates.
    op.resetRequests();
    const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
    assert.notEqual(renewed.accessToken, session.accessToken, "a new access token");
    assert.equal(typeof renewed.refreshToken, "string");
    assert.notEqual(renewed.refreshToken, session.refreshToken, "a rotated refresh token");
    assert.equal(renewed.claims.iss, issuer);
    assert.equal(renewed.claims.sub, TEST_SUB);
    assert.equal((await storedSession(page))?.refreshToken, renewed.refreshToken, "the rotated refresh token is stored");
    assert.equal(await iframesAdded(page), 0, "no iframe: renewal by refresh token");
    const refreshes = requestsTo(op, scenario.host, "/oauth2/v1/token").filter((r) => r.method === "POST");
    assert.deepEqual(refreshes.map((r) => [r.grantType, r.status]), [["refresh_token", 200]]);
    assert.equal(requestsTo(op, scenario.host, "/oauth2/v1/authorize").length, 0, "no authorization request");

    // The provider rotated: the old refresh token is spent (a replay is refused and ends the
    // grant: the next test). Read from its store, so that the revocation below still has tokens to end.
    const spent = await op.providers(scenario.host).spa.RefreshToken.find(session.refreshToken);
    assert.ok(spent?.consumed, "the provider marked the old refresh token used");
    expectOk(await clientCall(page, "getUserInfo"), "getUserInfo with the renewed access token");

    // Revocation: both tokens, then the session is gone and the provider refuses them.
    op.resetRequests();
    expectOk(await clientCall(page, "revoke"), "revoke");
    assert.equal(expectOk(await clientCall(page, "getSession"), "getSession"), null, "the session is removed");
    assert.equal(await storedSession(page), null);
    const revocations = requestsTo(op, scenario.host, "/oauth2/v1/revoke").filter((r) => r.method === "POST");
    assert.deepEqual(revocations.map((r) => r.status), [200, 200], "access token, then refresh token");
    const userinfo = await pageFetch(page, endpoint(scenario, "userinfo"), { bearer: renewed.accessToken });
    assert.equal(userinfo.status, 401, `the revoked access token is refused: ${userinfo.text}`);
    const refresh = await pageFetch(page, endpoint(scenario, "token"), {
      method: "POST",
      form: { grant_type: "refresh_token", refresh_token: renewed.refreshToken, client_id: scenario.projectId },
    });
    assert.equal(refresh.status, 400, `the revoked refresh token is refused: ${refresh.text}`);
    assert.equal(refresh.json?.error, "invalid_grant");
  });

  test(`descope ${scenario.label}: sign-out reaches /oauth2/v1/logout with id_token_hint and ends the provider session`, async (t) => {
    const { page, op } = t;
    const origin = appOriginOf(t, scenario);
    const options = { projectId: scenario.projectId, redirectUri: `${origin}/callback`, ...scenario.extra };
    const { session } = await signIn(page, origin, options);

    op.resetRequests();
    const landed = page.waitForURL((url) => url.href.startsWith(`${origin}/?`), { timeout: 20_000 });
    landed.catch(() => {});
    const started = page
      .evaluate(
        (target) => window.__descope.client.signoutRedirect({ postLogoutRedirectUri: target, state: "bye" }).then(
          () => null,
          (err) => `${err?.code}: ${err?.message}`,
        ),
        `${origin}/`,
      )
      .catch((err) => {
        if (/context was destroyed|navigat|Target closed/i.test(err.message)) return null;
        throw err;
      });
    const failure = await Promise.race([started, landed.then(() => null)]);
    assert.equal(failure, null, `signoutRedirect: ${failure}`);
    await landed;
    assert.equal(new URL(page.url()).searchParams.get("state"), "bye", "back at the app with our state");

    const logout = requestsTo(op, scenario.host, "/oauth2/v1/logout").filter((r) => r.method === "GET");
    assert.equal(logout.length, 1, "one visit to the end-session endpoint");
    assert.equal(logout[0].query.id_token_hint, session.idToken, "id_token_hint: the session's ID token");
    assert.equal(logout[0].query.client_id, scenario.projectId);
    assert.equal(logout[0].query.post_logout_redirect_uri, `${origin}/`);
    const confirm = requestsTo(op, scenario.host, "/oauth2/v1/logout/confirm");
    assert.deepEqual(confirm.map((r) => r.status), [303], "the provider ended its session");
    await waitForLibrary(page);
    assert.equal(await storedSession(page), null, "the local session is removed");

    // A silent sign-in (no session: the iframe) is refused; only where the provider is on another
    // site than the app does the error blame third-party cookies.
    await startClient(page, options);
    const silent = expectError(await clientCall(page, "signinSilent"), "oauth_error", "signinSilent after sign-out");
    assert.equal(silent.error, "login_required");
    assert.equal(silent.thirdPartyCookiesLikely, scenario.app === "http" ? true : undefined, JSON.stringify(silent));

    // The provider no longer knows the user: a top-level prompt=none sign-in answers login_required
    // (before the sign-out it would have signed the user in: its cookie reaches top-level requests).
    const callbackUrl = await signinToCallback(page, origin, options, { prompt: "none" });
    assert.equal(new URL(callbackUrl).searchParams.get("error"), "login_required", callbackUrl);
    await startClient(page, options);
    const refused = expectError(await clientCall(page, "handleRedirectCallback"), "oauth_error", "handleRedirectCallback");
    assert.equal(refused.error, "login_required");
  });
}

test("descope default region: a replayed refresh token is refused and ends the grant; the next renew falls back to the iframe once", async (t) => {
  const { page, op } = t;
  const origin = t.httpAppOrigin;
  const options = { projectId: DEFAULT_PROJECT_ID, redirectUri: `${origin}/callback`, silentRedirectUri: `${origin}/silent.html` };
  const { session } = await signIn(page, origin, options);
  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  assert.notEqual(renewed.refreshToken, session.refreshToken, "rotated");

  const replay = await pageFetch(page, `https://${DESCOPE_HOST}/oauth2/v1/token`, {
    method: "POST",
    form: { grant_type: "refresh_token", refresh_token: session.refreshToken, client_id: DEFAULT_PROJECT_ID },
  });
  assert.equal(replay.status, 400, `the old refresh token is refused: ${replay.text}`);
  assert.equal(replay.json?.error, "invalid_grant");

  // The replay ended the grant: the rotated refresh token is refused too, so the library tries the
  // iframe once, which a provider on another site answers with login_required.
  op.resetRequests();
  const error = expectError(await clientCall(page, "signinSilent"), "oauth_error", "signinSilent after the replay");
  t.log(`signinSilent: ${JSON.stringify(error)}`);
  const tokenRequests = requestsTo(op, DESCOPE_HOST, "/oauth2/v1/token").filter((r) => r.method === "POST");
  assert.deepEqual(tokenRequests.map((r) => [r.grantType, r.status]), [["refresh_token", 400]], "the rotated refresh token is refused");
  const authorize = requestsTo(op, DESCOPE_HOST, "/oauth2/v1/authorize");
  assert.deepEqual(authorize.map((r) => r.query.prompt), ["none"], "then one prompt=none iframe");
  assert.equal(error.error, "login_required");
  assert.equal(error.thirdPartyCookiesLikely, true);
  assert.equal(await iframesNow(page), 0, "no iframe left");
});

test("descope: an ID token signed by a key absent from the project's JWKS is refused (key_not_found), nothing stored", async (t) => {
  const { page, op } = t;
  const origin = t.httpAppOrigin;
  const options = { projectId: DEFAULT_PROJECT_ID, redirectUri: `${origin}/callback` };
  const jwksUrl = `https://${DESCOPE_HOST}/${DEFAULT_PROJECT_ID}/.well-known/jwks.json`;

  op.setUnlistedKey(true);
  const callbackUrl = await signinToCallback(page, origin, options);
  const params = new URL(callbackUrl).searchParams;
  await startClient(page, options);
  const error = expectError(await clientCall(page, "handleRedirectCallback"), "key_not_found", "handleRedirectCallback");
  t.log(`refused: ${error.message}`);
  const published = await pageFetch(page, jwksUrl);
  assert.equal(published.status, 200);
  assert.ok(published.json.keys.length > 0, "the JWKS is not empty");
  assert.ok(!published.json.keys.some((k) => k.kid === SIGNING_KID), "the signing key is not listed");
  assert.ok(requestsTo(op, DESCOPE_HOST, `/${DEFAULT_PROJECT_ID}/.well-known/jwks.json`).length >= 2, "the library fetched the JWKS");

  assert.equal(await storedSession(page), null, "no session stored");
  assert.equal(expectOk(await clientCall(page, "getSession"), "getSession"), null);
  await assertStorageHoldsNone(page, [params.get("code"), params.get("state")], "after key_not_found");
  assert.ok(!new URL(page.url()).searchParams.has("code"), `the code left the address bar: ${page.url()}`);

  // The same sign-in with the key listed again succeeds: the key was the only difference.
  op.setUnlistedKey(false);
  const { session } = await signIn(page, origin, options);
  assert.equal(session.claims.iss, `https://${DESCOPE_HOST}/${DEFAULT_PROJECT_ID}`);
});

/** Signs in on the app at http://localhost with scope openid (no refresh token), then signinSilent(). */
async function iframeRenewFromLocalhost(t, page, context) {
  const origin = t.httpAppOrigin;
  const options = {
    projectId: DEFAULT_PROJECT_ID,
    redirectUri: `${origin}/callback`,
    silentRedirectUri: `${origin}/silent.html`,
    scope: "openid",
  };
  const { session } = await signIn(page, origin, options);
  assert.equal(session.refreshToken ?? undefined, undefined, "scope openid: no refresh token, so the iframe renews");
  const cookies = await context.cookies(`https://${DESCOPE_HOST}/`);
  assert.ok(
    cookies.some((c) => c.name === "_session" && c.sameSite === "None" && c.secure),
    `the provider's session cookie is there, SameSite=None; Secure: ${cookies.map((c) => `${c.name}/${c.sameSite}`).join(", ")}`,
  );
  t.op.resetRequests();
  const result = await clientCall(page, "signinSilent");
  const authorize = requestsTo(t.op, DESCOPE_HOST, "/oauth2/v1/authorize");
  assert.deepEqual(authorize.map((r) => r.query.prompt), ["none"], "one prompt=none authorization request");
  assert.equal(await iframesAdded(page), 1, "one iframe");
  assert.equal(await iframesNow(page), 0, "no iframe left");
  return { session, result };
}

test("descope: iframe renew from http://localhost against api.descope.com is refused: login_required, thirdPartyCookiesLikely", async (t) => {
  const { session, result } = await iframeRenewFromLocalhost(t, t.page, t.context);
  const error = expectError(result, "oauth_error", "signinSilent");
  assert.equal(error.error, "login_required");
  assert.equal(error.thirdPartyCookiesLikely, true, JSON.stringify(error));
  assert.equal(requestsTo(t.op, DESCOPE_HOST, "/oauth2/v1/token").length, 0, "no token request");
  const kept = expectOk(await clientCall(t.page, "getSession"), "getSession");
  assert.equal(kept?.accessToken, session.accessToken, "a failed renew keeps the session");
});

test("descope: with third-party cookies allowed (Chromium's profile setting), iframe renew against api.descope.com works from http://localhost", async (t) => {
  // Chromium's "Allow third-party cookies" (chrome://settings/cookies) is the profile preference
  // profile.cookie_controls_mode = 0; it needs a profile of its own (a persistent context).
  // Flags such as --disable-features=ThirdPartyStoragePartitioning,TrackingProtection3pcd or
  // --test-third-party-cookie-phaseout=false change nothing here (checked on Chromium 156).
  const dir = await mkdtemp(join(tmpdir(), "descope-3pc-"));
  let context;
  try {
    await mkdir(join(dir, "Default"), { recursive: true });
    await writeFile(join(dir, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    context = await chromium.launchPersistentContext(dir, t.launchOptions);
    const page = context.pages()[0] ?? (await context.newPage());
    t.watch(page);
    const { session, result } = await iframeRenewFromLocalhost(t, page, context);
    const renewed = expectOk(result, "signinSilent with third-party cookies allowed");
    assert.notEqual(renewed.accessToken, session.accessToken, "a new access token");
    assert.equal(renewed.claims.sub, TEST_SUB);
    assert.equal(renewed.claims.iss, `https://${DESCOPE_HOST}/${DEFAULT_PROJECT_ID}`);
    const exchanges = requestsTo(t.op, DESCOPE_HOST, "/oauth2/v1/token").filter((r) => r.method === "POST");
    assert.deepEqual(exchanges.map((r) => [r.grantType, r.status]), [["authorization_code", 200]]);
    const prefs = JSON.parse(await readFile(join(dir, "Default", "Preferences"), "utf8"));
    assert.equal(prefs.profile?.cookie_controls_mode, 0, "Chromium kept the setting");
  } finally {
    await context?.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 90_000 });

test("descope custom domain: iframe renew on the app's own site works (app.example.test, auth.example.test)", async (t) => {
  const { page, op } = t;
  const origin = t.siteAppOrigin;
  const options = {
    projectId: REGIONAL_PROJECT_ID,
    baseUrl: `https://${CUSTOM_DOMAIN}`,
    redirectUri: `${origin}/callback`,
    silentRedirectUri: `${origin}/silent.html`,
    scope: "openid",
  };
  const { session } = await signIn(page, origin, options);
  assert.equal(session.claims.iss, `https://${CUSTOM_DOMAIN}/${REGIONAL_PROJECT_ID}`);
  assert.equal(session.refreshToken ?? undefined, undefined, "scope openid: no refresh token");

  op.resetRequests();
  const renewed = expectOk(await clientCall(page, "signinSilent"), "signinSilent");
  assert.notEqual(renewed.accessToken, session.accessToken, "a new access token");
  assert.equal(renewed.claims.sub, TEST_SUB);
  assert.equal(renewed.claims.iss, `https://${CUSTOM_DOMAIN}/${REGIONAL_PROJECT_ID}`);
  const authorize = requestsTo(op, CUSTOM_DOMAIN, "/oauth2/v1/authorize");
  assert.deepEqual(authorize.map((r) => r.query.prompt), ["none"], "one prompt=none authorization request");
  const exchanges = requestsTo(op, CUSTOM_DOMAIN, "/oauth2/v1/token").filter((r) => r.method === "POST");
  assert.deepEqual(exchanges.map((r) => [r.grantType, r.status]), [["authorization_code", 200]]);
  assert.deepEqual(hostsSeen(op), [CUSTOM_DOMAIN]);
  assert.equal(await iframesAdded(page), 1, "one iframe");
  assert.equal(await iframesNow(page), 0, "no iframe left");
  assert.equal((await storedSession(page))?.accessToken, renewed.accessToken, "the renewed session is stored");
});

// ---------------------------------------------------------------------------------------------
// Machine to machine, from Node.
//
// ASSUMPTION about Descope's access-key scheme: its OIDC guide has the token endpoint take
// client_id = the project ID and client_secret = a Descope access key; sent here as HTTP Basic
// (RFC 6749 §2.3.1, client_secret_basic), which is what OidcClient.clientCredentials sends.

/** The package's Node entries as its package.json `exports` names them. */
async function nodeEntries() {
  const pkgDir = defaultPkgDir();
  const manifest = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
  const node = manifest.exports["."].node;
  const require = createRequire(import.meta.url);
  return [
    { name: `require (${node.require})`, module: require(join(pkgDir, node.require)) },
    { name: `import (${node.import})`, module: await import(pathToFileURL(join(pkgDir, node.import)).href) },
  ];
}

/**
 * Runs `fn` with Node's global fetch sent to the local HTTPS server for the provider's hosts only,
 * verifying its certificate (and nothing else) by host name; the previous dispatcher is put back.
 */
async function withDescopeDispatcher(op, fn) {
  const key = Symbol.for("undici.globalDispatcher.1");
  await fetch("data:,").catch(() => {}); // Node creates its global dispatcher on the first fetch
  const previous = globalThis[key];
  if (!previous?.constructor) throw new Error("Node's fetch has no global undici dispatcher to replace");
  const hosts = new Set(op.hosts);
  const Agent = previous.constructor;
  const mapped = new Agent({
    connect(options, callback) {
      if (!hosts.has(options.hostname)) {
        callback(new Error(`not a Descope-shaped test host: ${options.hostname}`));
        return null;
      }
      const socket = tls.connect({
        host: "127.0.0.1",
        port: op.port,
        servername: options.hostname,
        ca: op.cert,
        ALPNProtocols: ["http/1.1"],
        timeout: 10_000,
      });
      let settled = false;
      const settle = (err) => {
        if (settled) return;
        settled = true;
        callback(err ?? null, err ? undefined : socket);
      };
      socket.once("secureConnect", () => settle());
      socket.once("error", (err) => settle(err));
      return socket;
    },
  });
  globalThis[key] = mapped;
  try {
    return await fn();
  } finally {
    globalThis[key] = previous;
    await mapped.close().catch(() => {});
  }
}

test("descope m2m: client credentials from Node with the project ID and an access key (Basic), both Node entries, default and regional hosts", async (t) => {
  const { op } = t;
  const entries = await nodeEntries();
  await withDescopeDispatcher(op, async () => {
    for (const entry of entries) {
      for (const [host, projectId] of [[DESCOPE_HOST, DEFAULT_PROJECT_ID], [REGIONAL_HOST, REGIONAL_PROJECT_ID]]) {
        op.resetRequests();
        const before = Math.floor(Date.now() / 1000);
        const token = await entry.module.OidcClient.clientCredentials({
          tokenEndpoint: `https://${host}/oauth2/v1/token`,
          clientId: projectId,
          clientSecret: ACCESS_KEY,
        });
        const what = `${entry.name} on ${host}`;
        assert.equal(typeof token.accessToken, "string", what);
        assert.ok(token.accessToken.length > 10, what);
        assert.match(token.tokenType, /^bearer$/i, what);
        assert.ok(token.expiresAt >= before + 3600 - 5 && token.expiresAt <= before + 3600 + 60, `${what}: expiresAt ${token.expiresAt}`);
        const requests = requestsTo(op, host, "/oauth2/v1/token");
        assert.equal(requests.length, 1, `${what}: one token request`);
        const [request] = requests;
        assert.equal(request.basicAuth, true, `${what}: HTTP Basic`);
        assert.equal(request.basicUser, projectId, `${what}: the Basic user is the project ID`);
        assert.equal(request.grantType, "client_credentials", what);
        assert.equal(request.clientId, projectId, what);
        assert.equal(request.status, 200, what);
      }
    }
  });
});

test("descope m2m: a wrong access key is refused with oauth_error invalid_client", async (t) => {
  const [entry] = await nodeEntries();
  await withDescopeDispatcher(t.op, async () => {
    let error;
    try {
      await entry.module.OidcClient.clientCredentials({
        tokenEndpoint: `https://${DESCOPE_HOST}/oauth2/v1/token`,
        clientId: DEFAULT_PROJECT_ID,
        clientSecret: `${ACCESS_KEY}-revoked`,
      });
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof Error, "rejects with an Error");
    assert.equal(error.code, "oauth_error", error.message);
    assert.equal(error.error, "invalid_client");
    assert.ok(!error.message.includes(ACCESS_KEY), "the message does not contain the key");
  });
  assert.deepEqual(
    requestsTo(t.op, DESCOPE_HOST, "/oauth2/v1/token").map((r) => [r.basicUser, r.status]),
    [[DEFAULT_PROJECT_ID, 401]],
  );
});
