// Sign-in against the misbehaving provider (provider/bad-op.mjs): each way of
// breaking the protocol must be refused with its stable error code, store
// nothing, and still clean the address bar.

import assert from "node:assert/strict";

import {
  assertStorageHoldsNone, badOpOptions, call, expectError, expectOk, signIn, signinToCallback,
} from "./app-driver.mjs";
import { BAD_OP_ISSUER, test } from "./harness.mjs";

/**
 * Signs in against the bad provider in `mode` and runs the callback. Returns
 * the rejection, the callback URL and the bad provider's counters for the
 * callback step alone.
 */
async function refusedCallback({ page, badOp }, mode, expectedCode) {
  badOp.setMode(mode);
  const callbackUrl = await signinToCallback(page, badOpOptions());
  badOp.resetStats();
  const error = expectError(await call(page, badOpOptions(), "handleRedirectCallback"), expectedCode, mode);
  const stats = badOp.stats();

  const url = page.url();
  assert.doesNotMatch(url, /[?&#]code=/, `${mode}: code left in the address bar: ${url}`);
  assert.doesNotMatch(url, /[?&#]state=/, `${mode}: state left in the address bar: ${url}`);
  assert.equal(expectOk(await call(page, badOpOptions(), "getSession")), null, `${mode}: no session`);

  const params = new URL(callbackUrl).searchParams;
  const issued = stats.token > 0 ? badOp.lastIssued() : null;
  await assertStorageHoldsNone(
    page,
    [params.get("code"), params.get("state"), issued?.accessToken, issued?.idToken],
    mode,
  );
  return { error, callbackUrl, stats };
}

const TOKEN_CASES = [
  ["bad_signature", "invalid_signature"],
  ["tampered_payload", "invalid_signature"],
  ["alg_none", "unsupported_alg"],
  ["hs256_public_key", "unsupported_alg"],
  ["wrong_iss", "iss_mismatch"],
  ["wrong_aud", "aud_mismatch"],
  ["expired", "token_expired"],
  ["future_iat", "iat_in_future"],
  ["wrong_nonce", "nonce_mismatch"],
  ["missing_sub", "missing_sub"],
  ["not_bearer", "invalid_token_type"],
  ["no_id_token", "missing_id_token"],
];

for (const [mode, code] of TOKEN_CASES) {
  test(`negative: ${mode} -> ${code}`, async (t) => {
    const { stats } = await refusedCallback(t, mode, code);
    assert.equal(stats.token, 1, "the code was redeemed once");
  });
}

const CALLBACK_CASES = [
  ["wrong_iss_param", "iss_mismatch"],
  ["missing_iss_param", "iss_missing"],
];

for (const [mode, code] of CALLBACK_CASES) {
  test(`negative: ${mode} -> ${code} before any token request`, async (t) => {
    const { stats } = await refusedCallback(t, mode, code);
    assert.equal(stats.token, 0, "a callback from the wrong issuer is not redeemed");
  });
}

test("negative: access_denied -> oauth_error access_denied", async (t) => {
  const { error, stats } = await refusedCallback(t, "access_denied", "oauth_error");
  assert.equal(error.error, "access_denied");
  assert.equal(error.error_description, "The user said no");
  assert.equal(stats.token, 0);
});

test("negative: token_error -> oauth_error invalid_grant", async (t) => {
  const { error } = await refusedCallback(t, "token_error", "oauth_error");
  assert.equal(error.error, "invalid_grant");
  assert.equal(error.error_description, "grant is invalid (test mode)");
});

test("negative: unknown_kid -> key_not_found after exactly one JWKS refetch", async (t) => {
  // Baseline: JWKS requests a valid callback makes (0 if the keys were cached
  // before the callback, 1 if fetched then), in a context of its own.
  const baselineContext = await t.browser.newContext();
  let baseline;
  try {
    const baselinePage = await baselineContext.newPage();
    t.badOp.setMode("ok");
    await signinToCallbackCounting(baselinePage, t.badOp, (jwks) => {
      baseline = jwks;
    });
  } finally {
    await baselineContext.close();
  }

  const { stats } = await refusedCallback(t, "unknown_kid", "key_not_found");
  t.log(`JWKS requests during the callback: valid kid ${baseline}, unknown kid ${stats.jwks}`);
  assert.equal(stats.jwks, baseline + 1, "an unknown kid refetches the JWKS once, no more");
  assert.ok(stats.jwks <= 2);
});

/** A successful callback against the bad provider, reporting its JWKS request count. */
async function signinToCallbackCounting(page, badOp, report) {
  await signinToCallback(page, badOpOptions());
  badOp.resetStats();
  const session = expectOk(await call(page, badOpOptions(), "handleRedirectCallback"), "baseline callback");
  assert.equal(session.claims.sub, "user-1");
  report(badOp.stats().jwks);
}

test("negative: mode ok signs in (the bad provider is otherwise valid)", async ({ page, badOp }) => {
  badOp.setMode("ok");
  const { session } = await signIn(page, badOpOptions());
  assert.equal(session.claims.iss, BAD_OP_ISSUER);
  assert.equal(session.claims.sub, "user-1");
});

test("negative: mode es256 signs in with an ES256 ID token", async ({ page, badOp }) => {
  badOp.setMode("es256");
  const { session } = await signIn(page, badOpOptions());
  assert.equal(session.claims.sub, "user-1");
});
