// Request counters for tests: how many token requests the app made, by grant type
// and by client, so a test can assert "one token request per renew cycle".
//
//   GET  /__stats        -> the counts as JSON
//   POST /__stats/reset  -> zeroes them (204)
//
// DPoP (RFC 9449): `dpop.proofs` lists every request that carried a DPoP header,
// with the proof decoded (not verified: the provider does that) and the
// outcome; `dpop.authJkt` the dpop_jkt of every authorization request.

import { decodeProof, jwkThumbprint } from "./dpop.mjs";

function emptyStats() {
  return {
    // every request, by path (e.g. "/auth", "/token", "/jwks", "/me")
    requests: {},
    token: {
      total: 0,
      errors: 0,
      byGrantType: {}, // { authorization_code: 1, refresh_token: 2 }
      byClient: {}, // { spa: { authorization_code: 1 } }
    },
    dpop: {
      // [{ path, method, grantType, status, error, jkt, htm, htu, ath, nonce, jti }]
      // error: the OAuth error of the answer (e.g. "use_dpop_nonce"), or null
      proofs: [],
      // dpop_jkt of each request to /auth (null when absent)
      authJkt: [],
    },
  };
}

export function createStats() {
  let counts = emptyStats();
  return {
    get counts() {
      return counts;
    },
    reset() {
      counts = emptyStats();
    },
    countRequest(path) {
      counts.requests[path] = (counts.requests[path] ?? 0) + 1;
    },
    recordDpopProof(entry) {
      counts.dpop.proofs.push(entry);
    },
    recordAuthJkt(jkt) {
      counts.dpop.authJkt.push(jkt);
    },
    countTokenRequest({ grantType, clientId, failed }) {
      const token = counts.token;
      token.total += 1;
      if (failed) token.errors += 1;
      token.byGrantType[grantType] = (token.byGrantType[grantType] ?? 0) + 1;
      const perClient = (token.byClient[clientId] ??= {});
      perClient[grantType] = (perClient[grantType] ?? 0) + 1;
    },
  };
}

/**
 * A koa middleware for oidc-provider's app: serves /__stats and counts what
 * passes through. The token request's grant type and client are read after the
 * provider handled it (ctx.oidc holds the parsed parameters by then).
 */
export function statsMiddleware(stats, { corsOrigin } = {}) {
  return async function countRequests(ctx, next) {
    if (ctx.path === "/__stats" || ctx.path === "/__stats/reset") {
      if (corsOrigin) ctx.set("Access-Control-Allow-Origin", corsOrigin);
      ctx.set("Cache-Control", "no-store");
      if (ctx.method === "GET" && ctx.path === "/__stats") {
        ctx.body = stats.counts;
      } else if (ctx.method === "POST" && ctx.path === "/__stats/reset") {
        stats.reset();
        ctx.status = 204;
      } else if (ctx.method === "OPTIONS") {
        ctx.set("Access-Control-Allow-Methods", "GET, POST");
        ctx.status = 204;
      } else {
        ctx.status = 405;
      }
      return;
    }

    stats.countRequest(ctx.path);
    const isTokenRequest = ctx.method === "POST" && ctx.path === "/token";
    if (ctx.path === "/auth") stats.recordAuthJkt(ctx.query.dpop_jkt ?? null);
    const proof = ctx.get("DPoP");
    try {
      await next();
    } finally {
      if (proof) stats.recordDpopProof(describeProof(ctx, proof));
      if (isTokenRequest) {
        stats.countTokenRequest({
          grantType: ctx.oidc?.params?.grant_type ?? "unknown",
          clientId: ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? "unknown",
          failed: ctx.status >= 400,
        });
      }
    }
  };
}

/** What a request's DPoP proof said and how the provider answered (see emptyStats). */
function describeProof(ctx, proof) {
  const decoded = decodeProof(proof);
  let jkt = null;
  try {
    jkt = decoded ? jwkThumbprint(decoded.header.jwk) : null;
  } catch {
    // not a usable key: jkt stays null
  }
  const challenge = ctx.response.get("WWW-Authenticate");
  const error = (ctx.body && typeof ctx.body === "object" && ctx.body.error)
    || /error="([^"]+)"/.exec(challenge ?? "")?.[1]
    || null;
  const payload = decoded?.payload ?? {};
  return {
    path: ctx.path,
    method: ctx.method,
    grantType: ctx.oidc?.params?.grant_type ?? null,
    status: ctx.status,
    error,
    jkt,
    typ: decoded?.header?.typ ?? null,
    alg: decoded?.header?.alg ?? null,
    htm: payload.htm ?? null,
    htu: payload.htu ?? null,
    ath: payload.ath ?? null,
    nonce: payload.nonce ?? null,
    jti: payload.jti ?? null,
    nonceOffered: ctx.response.get("DPoP-Nonce") || null,
  };
}
