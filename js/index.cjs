// oidc-wasm's Node entry for require(): wasm-bindgen's CommonJS glue reads the wasm
// from this folder when required; the API matches the other entries (async helpers).
"use strict";
const glue = require("./oidc_wasm.cjs");
const { entered, settlingClass } = require("./guard.cjs");
const verifierNow = entered(glue.generateCodeVerifier);
const challengeNow = entered(glue.codeChallengeS256);

function isOidcError(value) {
  return value instanceof Error && value.name === "OidcError" && typeof value.code === "string";
}

module.exports = {
  OidcClient: settlingClass(glue.OidcClient),
  generateCodeVerifier: async () => verifierNow(),
  codeChallengeS256: async (verifier) => challengeNow(verifier),
  isOidcError,
};
