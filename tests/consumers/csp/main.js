// The quickstart under a Content-Security-Policy. Without 'wasm-unsafe-eval' the
// browser refuses to compile the wasm: the package must turn that into a rejected
// call (code "wasm_load_failed", a message naming the CSP source to add), never an
// uncaught error. The page records what happened for the test to read.
import { OidcClient } from "/node_modules/oidc-wasm/index.js";

try {
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
  document.body.dataset.signinUrl = await client.createSigninUrl();
} catch (error) {
  document.body.dataset.errorCode = String(error?.code);
  document.body.dataset.errorMessage = String(error?.message);
  document.body.dataset.errorIsError = String(error instanceof Error);
}
