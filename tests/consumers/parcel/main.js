// The README quickstart, unchanged: what an app built with this toolchain runs.
import { OidcClient } from "oidc-wasm";

const client = await OidcClient.create({
  metadata: {
    issuer: "https://op.example.com",
    authorization_endpoint: "https://op.example.com/authorize",
    token_endpoint: "https://op.example.com/token",
    jwks_uri: "https://op.example.com/jwks",
  },
  clientId: "spa",
  redirectUri: location.origin + "/callback",
});
const url = await client.createSigninUrl();
document.body.dataset.signinUrl = url; // the test reads this
