// Drives the test app (app/index.html) in a Playwright page through the
// library's public JS API, the way an app's own code would call it.
//
// Library calls run inside the page. A rejection comes back as a plain object
// (the Error's name, message, code, error, error_description, status) so that a
// test can assert on `code`; see `call`, `expectOk` and `expectError`.

import assert from "node:assert/strict";

import { APP_ORIGIN, BAD_OP_ISSUER, OP_ISSUER } from "./harness.mjs";

export const CALLBACK_URL = `${APP_ORIGIN}/callback`;

/** OidcClient.create options for the oidc-provider's `spa` client. */
export function spaOptions(extra = {}) {
  return {
    authority: OP_ISSUER,
    clientId: "spa",
    redirectUri: CALLBACK_URL,
    scope: "openid profile email",
    ...extra,
  };
}

/** OidcClient.create options for the misbehaving provider. */
export function badOpOptions(extra = {}) {
  return spaOptions({ authority: BAD_OP_ISSUER, ...extra });
}

/** Waits for the page's module script to have loaded and initialised the package. */
export async function waitForLibrary(page) {
  await page.waitForFunction(() => window.oidcReady === true || window.oidcLoadError !== undefined, null, {
    timeout: 20_000,
  });
  const loadError = await page.evaluate(() => window.oidcLoadError ?? null);
  if (loadError) {
    throw new Error(`the oidc-wasm package did not load (build it: bash scripts/build.sh): ${loadError}`);
  }
}

export async function openApp(page, path = "/") {
  await page.goto(`${APP_ORIGIN}${path}`);
  await waitForLibrary(page);
}

/**
 * In the page: `client = await OidcClient.create(options)`, then
 * `client[method](...args)`. Returns { ok: true, value } or { ok: false, error }.
 */
export function call(page, options, method, ...args) {
  return page.evaluate(
    async ({ options, method, args }) => {
      try {
        const client = await window.oidcWasm.OidcClient.create(options);
        return { ok: true, value: await client[method](...args) };
      } catch (err) {
        return {
          ok: false,
          error: {
            isError: err instanceof Error,
            name: err?.name,
            message: err?.message ?? String(err),
            code: err?.code,
            error: err?.error,
            error_description: err?.error_description,
            status: err?.status,
          },
        };
      }
    },
    { options, method, args },
  );
}

export function expectOk(result, what = "call") {
  if (!result.ok) assert.fail(`${what} rejected: ${JSON.stringify(result.error)}`);
  return result.value;
}

export function expectError(result, code, what = "call") {
  if (result.ok) assert.fail(`${what} resolved, expected a rejection with code ${code}: ${JSON.stringify(result.value)}`);
  assert.equal(result.error.isError, true, `${what} must reject with an Error: ${JSON.stringify(result.error)}`);
  assert.equal(result.error.code, code, `${what}: ${JSON.stringify(result.error)}`);
  return result.error;
}

/**
 * From the app's home page: `signinRedirect(signinOptions)`, then wait until the
 * provider has sent the browser back to the callback and the package is loaded
 * there. Returns the callback URL as the provider sent it.
 */
export async function signinToCallback(page, options, signinOptions = {}) {
  await openApp(page, "/");
  const landed = page.waitForURL((url) => url.href.startsWith(`${options.redirectUri}?`), { timeout: 20_000 });
  const started = page
    .evaluate(async ({ options, signinOptions }) => {
      try {
        const client = await window.oidcWasm.OidcClient.create(options);
        await client.signinRedirect(signinOptions);
        return null;
      } catch (err) {
        return `${err?.code}: ${err?.message ?? err}`;
      }
    }, { options, signinOptions })
    .catch((err) => {
      // The navigation it starts may tear the page's context down under us.
      if (/context was destroyed|navigat|Target closed/i.test(err.message)) return null;
      throw err;
    });
  landed.catch(() => {}); // awaited below; not an unhandled rejection if we throw first
  const failure = await Promise.race([started, landed.then(() => null)]);
  if (failure) throw new Error(`signinRedirect rejected: ${failure}`);
  await landed;
  const callbackUrl = page.url();
  await waitForLibrary(page);
  return callbackUrl;
}

/** Full sign-in: redirect, provider, callback, handleRedirectCallback. */
export async function signIn(page, options, signinOptions = {}) {
  const callbackUrl = await signinToCallback(page, options, signinOptions);
  const session = expectOk(await call(page, options, "handleRedirectCallback"), "handleRedirectCallback");
  return { session, callbackUrl };
}

/** Everything in the page's sessionStorage and localStorage, as { session, local }. */
export function storageContents(page) {
  return page.evaluate(() => ({
    session: Object.fromEntries(Object.entries(sessionStorage)),
    local: Object.fromEntries(Object.entries(localStorage)),
  }));
}

/** Asserts that no stored value contains any of `secrets` (tokens, code, state...). */
export async function assertStorageHoldsNone(page, secrets, what = "storage") {
  const contents = await storageContents(page);
  for (const [area, entries] of Object.entries(contents)) {
    for (const [key, value] of Object.entries(entries)) {
      for (const secret of secrets.filter(Boolean)) {
        assert.ok(
          !key.includes(secret) && !value.includes(secret),
          `${what}: ${area}Storage["${key}"] still holds ${secret.slice(0, 12)}…`,
        );
      }
    }
  }
  return contents;
}

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
