// A Node 18+ CommonJS app: `require` of the installed package must pick the
// `node` → `require` entry and do client credentials with Node's own fetch.
// Run by run.mjs with CONSUMERS_NODE_PORT (a loopback token endpoint it starts here).
const assert = require("node:assert/strict");
const { OidcClient, codeChallengeS256, generateCodeVerifier, isOidcError } = require("oidc-wasm");

async function main() {
  assert.match(require.resolve("oidc-wasm"), /[/\\]node_modules[/\\]oidc-wasm[/\\]index\.cjs$/, "exports: node → require");
  const { startTokenEndpoint } = await import("../node-token-endpoint.mjs");

  // RFC 7636 Appendix B.
  const challenge = codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  assert.ok(challenge instanceof Promise, "codeChallengeS256 returns a Promise");
  assert.equal(await challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  const verifier = await generateCodeVerifier();
  assert.match(verifier, /^[A-Za-z0-9._~-]{43,128}$/, "a PKCE verifier");

  const op = await startTokenEndpoint(Number(process.env.CONSUMERS_NODE_PORT ?? 8543));
  try {
    const token = await OidcClient.clientCredentials({
      tokenEndpoint: op.tokenEndpoint,
      clientId: "m2m",
      clientSecret: "m2m-secret",
      scope: "api:read",
    });
    assert.equal(token.accessToken, "at-m2m");
    assert.equal(token.scope, "api:read");
    assert.equal(typeof token.expiresAt, "number");

    const error = await OidcClient.clientCredentials({
      tokenEndpoint: op.tokenEndpoint,
      clientId: "m2m",
      clientSecret: "wrong",
    }).then(
      () => assert.fail("a wrong secret is refused"),
      (e) => e,
    );
    assert.ok(isOidcError(error), `isOidcError: ${error}`);
    assert.equal(error.code, "oauth_error");
    assert.equal(error.error, "invalid_client");
  } finally {
    await op.close();
  }
  console.log("node-cjs: ok");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
