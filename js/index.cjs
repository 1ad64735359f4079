// oidc-wasm's Node entry for require(): wasm-bindgen's CommonJS glue reads the wasm
// from this folder when required; the API matches the other entries (async helpers).
"use strict";
const glue = require("./oidc_wasm.cjs");

function isOidcError(value) {
  return value instanceof Error && value.name === "OidcError" && typeof value.code === "string";
}

module.exports = {
  OidcClient: glue.OidcClient,
  generateCodeVerifier: async () => glue.generateCodeVerifier(),
  codeChallengeS256: async (verifier) => glue.codeChallengeS256(verifier),
  isOidcError,
};
