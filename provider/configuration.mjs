// The oidc-provider 8.x configuration of the local test provider: clients,
// features, token lifetimes, cookies and the pages it renders.

import { randomBytes } from "node:crypto";

import { errors } from "oidc-provider";

import { findAccount } from "./account.mjs";
import { signingKeys } from "./keys.mjs";
import { createMemoryAdapter } from "./memory-adapter.mjs";
import { errorPage, logoutPage, signedOutPage } from "./pages.mjs";

/** The API that client-credentials tokens are issued for (RFC 8707 resource). */
export const API_RESOURCE = "urn:oidc-wasm:test-api";
const API_SCOPES = "api:read api:write";

const ONE_HOUR = 60 * 60;
const ONE_DAY = 24 * ONE_HOUR;

function spaClient(appOrigin, clientId, extra = {}) {
  return {
    client_id: clientId,
    application_type: "web",
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: [`${appOrigin}/callback`, `${appOrigin}/silent.html`, `${appOrigin}/`],
    post_logout_redirect_uris: [`${appOrigin}/`, `${appOrigin}/signed-out`],
    ...extra,
  };
}

function machineClient(clientId, secret) {
  return {
    client_id: clientId,
    client_secret: secret,
    token_endpoint_auth_method: "client_secret_basic",
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
  };
}

export function clients(appOrigin) {
  return [
    spaClient(appOrigin, "spa"),
    spaClient(appOrigin, "spa-es256", { id_token_signed_response_alg: "ES256" }),
    machineClient("m2m", "m2m-secret"),
    // A secret with characters that HTTP Basic must form-encode (RFC 6749 §2.3.1).
    // Only VSCHAR (printable ASCII) is allowed in a secret (RFC 6749 appendix A);
    // oidc-provider rejects anything else, so no "é" here.
    machineClient("m2m-odd", "p@ss:w%rd+ &="),
  ];
}

export function providerConfiguration({ issuer, appOrigin, autoLogin, accessTokenTtl, idTokenTtl, dpopNonce = false }) {
  // Cookies ignore ports: two providers on localhost would overwrite each
  // other's session cookie in one browser unless the names differ.
  const port = new URL(issuer).port;
  return {
    adapter: createMemoryAdapter(),
    clients: clients(appOrigin),
    jwks: signingKeys(),
    findAccount,

    scopes: ["openid", "profile", "email", "offline_access"],
    claims: {
      openid: ["sub"],
      profile: ["name", "given_name", "family_name"],
      email: ["email", "email_verified"],
    },

    responseTypes: ["code"],
    pkce: { required: () => true, methods: ["S256"] },

    // Browser calls (token, userinfo, revocation) are allowed from the app only.
    clientBasedCORS: (ctx, origin) => origin === appOrigin,

    cookies: {
      names: {
        session: `_session_${port}`,
        interaction: `_interaction_${port}`,
        resume: `_interaction_resume_${port}`,
      },
      keys: ["oidc-wasm-test-cookie-key-1"],
      // http on loopback: SameSite=None without Secure would be dropped by Chromium.
      short: { sameSite: "lax", secure: false, signed: true },
      long: { sameSite: "lax", secure: false, signed: true },
    },

    features: {
      devInteractions: { enabled: false }, // ours are in interactions.mjs
      userinfo: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      // RFC 9449: a client that sends DPoP proofs gets sender-constrained tokens
      // (token_type DPoP, cnf.jkt); one that does not still gets bearer tokens.
      // The nonce secret makes the provider hand out DPoP-Nonce (and expose it
      // to the app through CORS); with dpopNonce every proof must carry one
      // (§8: the first proof without it is answered use_dpop_nonce).
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        requireNonce: () => dpopNonce,
      },
      introspection: {
        enabled: true,
        // m2m may introspect any token (tests use it); others only their own.
        allowedPolicy: async (ctx, client, token) =>
          client.clientId === "m2m" || token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        // Client-credentials requests without `resource` get the test API; the
        // code flow keeps the default (a token for the userinfo endpoint).
        defaultResource: async (ctx, client, oneOf) => {
          if (ctx.oidc.params?.grant_type === "client_credentials") return API_RESOURCE;
          return oneOf;
        },
        useGrantedResource: async () => false,
        getResourceServerInfo: async (ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPES,
            audience: API_RESOURCE,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: "opaque",
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = "html";
          ctx.body = logoutPage({ host: ctx.host, form, autoSubmit: autoLogin });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = "html";
          ctx.body = signedOutPage(ctx.oidc.client?.clientId);
        },
      },
    },

    // Refresh tokens for clients allowed the grant, when offline_access was
    // granted (oidc-provider grants it only with prompt=consent).
    issueRefreshToken: async (ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    rotateRefreshToken: true,

    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      IdToken: idTokenTtl,
      RefreshToken: ONE_DAY,
      AuthorizationCode: 60,
      Session: ONE_DAY,
      Interaction: ONE_HOUR,
      Grant: ONE_DAY,
    },

    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(out);
    },
  };
}
