// The quickstart without top-level await, bundled with esbuild's defaults
// (`esbuild main.js --bundle`: an IIFE for a classic <script>, where
// import.meta.url does not exist) — the package must still find its wasm.
import { OidcClient } from "oidc-wasm";

OidcClient.create({
  metadata: {
    issuer: "https://op.example.com",
    authorization_endpoint: "https://op.example.com/authorize",
    token_endpoint: "https://op.example.com/token",
    jwks_uri: "https://op.example.com/jwks",
  },
  clientId: "spa",
  redirectUri: location.origin + "/callback",
})
  .then((client) => client.createSigninUrl())
  .then((url) => {
    document.body.dataset.signinUrl = url; // the test reads this
  });
