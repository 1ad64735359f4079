// Protocol steps against the oidc-provider on OP_ISSUER (:9000), driven from Node (no
// browser, no library): used by op.test.mjs to check the provider itself.

import { APP_ORIGIN, OP_ISSUER } from "./harness.mjs";
import { pkcePair, randomToken } from "./pkce.mjs";
import { createUserAgent } from "./user-agent.mjs";

export const CALLBACK = `${APP_ORIGIN}/callback`;

export async function discovery(issuer = OP_ISSUER) {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery: HTTP ${response.status}`);
  return response.json();
}

export async function jwks(issuer = OP_ISSUER) {
  const { jwks_uri: uri } = await discovery(issuer);
  return (await fetch(uri)).json();
}

/**
 * Authorization request -> (auto login and consent) -> redirect to the app.
 * Returns { callback: URL, params, pkce, state, nonce }.
 */
export async function authorize({
  agent = createUserAgent(),
  clientId = "spa",
  redirectUri = CALLBACK,
  scope = "openid profile email",
  extra = {},
  issuer = OP_ISSUER,
} = {}) {
  const pkce = pkcePair();
  const state = randomToken(16);
  const nonce = randomToken(16);
  const url = new URL((await discovery(issuer)).authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  const { url: landed, hops } = await agent.navigate(url.href, {
    stop: (u) => u.startsWith(`${APP_ORIGIN}/`),
  });
  if (!landed.startsWith(`${APP_ORIGIN}/`)) {
    throw new Error(`authorize did not come back to the app: ${JSON.stringify(hops)}`);
  }
  const callback = new URL(landed);
  return { agent, callback, params: callback.searchParams, pkce, state, nonce };
}

export async function tokenRequest(form, { headers = {}, issuer = OP_ISSUER } = {}) {
  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function redeemCode(
  { params, pkce },
  { clientId = "spa", redirectUri = CALLBACK } = {},
  issuer = OP_ISSUER,
) {
  return tokenRequest(
    {
      grant_type: "authorization_code",
      code: params.get("code"),
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: pkce.verifier,
    },
    { issuer },
  );
}

/** HTTP Basic credentials as RFC 6749 §2.3.1 says: each part form-encoded first. */
export function basicAuth(clientId, secret) {
  const formEncode = (value) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`).toString("base64")}`;
}

export async function clientCredentials(clientId, secret, scope = "api:read") {
  return tokenRequest(
    { grant_type: "client_credentials", scope },
    { headers: { authorization: basicAuth(clientId, secret) } },
  );
}

export async function introspect(token, { clientId = "m2m", secret = "m2m-secret", issuer = OP_ISSUER } = {}) {
  const response = await fetch(`${issuer}/token/introspection`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basicAuth(clientId, secret),
    },
    body: new URLSearchParams({ token }),
  });
  return { status: response.status, body: await response.json() };
}
