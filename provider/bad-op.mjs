// A misbehaving OpenID Provider on loopback (node:http + node:crypto only), for
// negative tests: it signs in "user-1" at once (no login page) and then breaks
// the protocol in exactly the one way the current mode says.
//
//   import { startBadProvider } from "./provider/bad-op.mjs";
//   const bad = await startBadProvider({ port: 9100, appOrigin: "http://localhost:8080" });
//   bad.setMode("wrong_aud"); ... bad.stats() ... await bad.close();
//
// CLI: `node provider/bad-op.mjs` with env BAD_OP_PORT (9100), APP_ORIGIN.
// Any client_id is accepted; PKCE S256 is checked; a code works once.
// DPoP (RFC 9449): a token request with a DPoP proof must carry a valid one
// (and the key of the authorization request's dpop_jkt, when it had one); it
// is answered token_type "DPoP", except in mode "dpop_bearer".
//
// Test endpoints:
//   POST /__mode (body: the mode name) or GET /__mode?m=NAME   select a mode
//   GET  /__stats -> { jwks, token, authorize, userinfo, discovery }
//   POST /__stats/reset

import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

import { DpopProofError, verifyDpopProof } from "./dpop.mjs";
import { forgeIdToken } from "./forged-id-tokens.mjs";
import { generateSigningKey, signJwt } from "./jws.mjs";

export const MODES = [
  "ok", // everything valid (RS256)
  "es256", // everything valid, ID token signed with the ES256 key
  "bad_signature",
  "tampered_payload",
  "alg_none",
  "hs256_public_key",
  "wrong_iss",
  "wrong_aud",
  "expired",
  "future_iat",
  "wrong_nonce",
  "missing_sub",
  "wrong_iss_param", // callback iss parameter is another issuer
  "missing_iss_param", // no iss in the callback, though metadata says it is sent
  "access_denied", // authorize answers error=access_denied
  "unknown_kid", // signed by a key absent from the JWKS
  "userinfo_wrong_sub",
  "userinfo_signed", // userinfo as a JWT (application/jwt), validly signed
  "userinfo_signed_bad_signature", // the same with a broken signature
  "userinfo_signed_wrong_aud", // validly signed, but for another client
  "token_error", // token endpoint answers 400 invalid_grant
  "not_bearer", // token_type "mac"
  "dpop_bearer", // a token request with a valid DPoP proof is answered token_type "Bearer" (a downgrade)
  "no_id_token",
  "authorize_hang", // GET /authorize never answers (silent renew must time out)
  "authorize_stays", // GET /authorize answers a page of its own, never redirects back
];

function emptyStats() {
  return { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 };
}

export async function startBadProvider({ port = 9100, appOrigin = "http://localhost:8080" } = {}) {
  const issuer = `http://localhost:${port}`;
  const keys = {
    rsa: generateSigningKey({ kid: "bad-1", alg: "RS256" }),
    ec: generateSigningKey({ kid: "bad-es-1", alg: "ES256" }),
    stray: generateSigningKey({ kid: "stray-1", alg: "RS256" }),
  };
  const codes = new Map(); // code -> { clientId, redirectUri, nonce, codeChallenge }
  const accessTokens = new Map(); // access token -> client id
  let mode = "ok";
  let stats = emptyStats();
  let lastIssued = null;

  function setMode(next) {
    if (!MODES.includes(next)) throw new Error(`unknown bad-op mode: ${next}`);
    mode = next;
  }

  const metadata = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ["code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256", "ES256"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: ["openid", "profile", "email"],
    token_endpoint_auth_methods_supported: ["none"],
    authorization_response_iss_parameter_supported: true,
    dpop_signing_alg_values_supported: ["ES256"],
  };

  function authorize(url, res) {
    stats.authorize += 1;
    if (mode === "authorize_hang") return; // the request stays open until close()
    if (mode === "authorize_stays") {
      return send(res, 200, "text/html; charset=utf-8", "<!DOCTYPE html><title>stuck</title><p>This page never sends you back.</p>");
    }
    const q = url.searchParams;
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!redirectUri.startsWith(`${appOrigin}/`)) {
      return send(res, 400, "text/plain", "redirect_uri must be on the app's origin");
    }
    const back = new URL(redirectUri);
    const state = q.get("state");
    if (mode === "access_denied") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user said no");
    } else {
      const code = randomBytes(16).toString("base64url");
      codes.set(code, {
        clientId: q.get("client_id"),
        redirectUri,
        nonce: q.get("nonce") ?? undefined,
        codeChallenge: q.get("code_challenge"),
        dpopJkt: q.get("dpop_jkt") ?? undefined,
      });
      back.searchParams.set("code", code);
    }
    if (state !== null) back.searchParams.set("state", state);
    if (mode === "wrong_iss_param") back.searchParams.set("iss", "http://evil.example");
    else if (mode !== "missing_iss_param") back.searchParams.set("iss", issuer);
    res.writeHead(302, { Location: back.href, "Cache-Control": "no-store" });
    res.end();
  }

  async function token(req, res) {
    stats.token += 1;
    const form = new URLSearchParams(await readBody(req));
    const grant = codes.get(form.get("code") ?? "");
    codes.delete(form.get("code") ?? "");
    const oauthError = (error, description) =>
      sendJson(res, 400, { error, error_description: description }, cors(appOrigin));

    if (mode === "token_error") return oauthError("invalid_grant", "grant is invalid (test mode)");
    if (form.get("grant_type") !== "authorization_code") {
      return oauthError("unsupported_grant_type", "only authorization_code");
    }
    if (!grant) return oauthError("invalid_grant", "unknown or used code");
    if (form.get("redirect_uri") !== grant.redirectUri) {
      return oauthError("invalid_grant", "redirect_uri mismatch");
    }
    const clientId = form.get("client_id") ?? grant.clientId;
    if (clientId !== grant.clientId) return oauthError("invalid_grant", "client mismatch");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (!grant.codeChallenge || challenge !== grant.codeChallenge) {
      return oauthError("invalid_grant", "PKCE verification failed");
    }
    let proofJkt = null;
    if (req.headers.dpop !== undefined) {
      try {
        proofJkt = verifyDpopProof(req.headers.dpop, { method: "POST", url: `${issuer}/token` }).jkt;
      } catch (err) {
        if (err instanceof DpopProofError) return oauthError("invalid_dpop_proof", err.message);
        throw err;
      }
    }
    if (grant.dpopJkt && proofJkt !== grant.dpopJkt) {
      return oauthError("invalid_grant", "the DPoP proof key is not the authorization request's dpop_jkt");
    }

    const accessToken = randomBytes(24).toString("base64url");
    accessTokens.set(accessToken, clientId);
    const body = {
      access_token: accessToken,
      token_type: mode === "not_bearer" ? "mac" : proofJkt && mode !== "dpop_bearer" ? "DPoP" : "Bearer",
      expires_in: 300,
      scope: "openid profile email",
    };
    if (mode !== "no_id_token") {
      body.id_token = forgeIdToken(mode, { issuer, clientId, nonce: grant.nonce, keys });
    }
    lastIssued = {
      accessToken,
      idToken: body.id_token ?? null,
      tokenType: body.token_type,
      dpopJkt: grant.dpopJkt ?? null, // the authorization request's dpop_jkt
      proofJkt, // the thumbprint of the token request's DPoP proof key
    };
    sendJson(res, 200, body, { ...cors(appOrigin), "Cache-Control": "no-store", Pragma: "no-cache" });
  }

  function userinfo(req, res) {
    stats.userinfo += 1;
    const auth = req.headers.authorization ?? "";
    const [scheme, value] = auth.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !accessTokens.has(value)) {
      return sendJson(res, 401, { error: "invalid_token" }, {
        ...cors(appOrigin),
        "WWW-Authenticate": 'Bearer error="invalid_token"',
      });
    }
    const claims = {
      sub: mode === "userinfo_wrong_sub" ? "user-2" : "user-1",
      name: "Ada Lovelace",
      email: "ada@example.com",
      email_verified: true,
    };
    if (!mode.startsWith("userinfo_signed")) return sendJson(res, 200, claims, cors(appOrigin));
    // OIDC Core §5.3.2: a signed answer carries iss and aud.
    const aud = mode === "userinfo_signed_wrong_aud" ? "another-client" : accessTokens.get(value);
    let jwt = signJwt({ alg: "RS256", kid: keys.rsa.kid }, { ...claims, iss: issuer, aud }, keys.rsa.privateKey);
    if (mode === "userinfo_signed_bad_signature") {
      const [header, payload, signature] = jwt.split(".");
      const bytes = Buffer.from(signature, "base64url");
      bytes[0] ^= 0xff;
      jwt = `${header}.${payload}.${bytes.toString("base64url")}`;
    }
    send(res, 200, "application/jwt", jwt, cors(appOrigin));
  }

  async function handle(req, res) {
    const url = new URL(req.url, issuer);
    const route = `${req.method} ${url.pathname}`;
    if (req.method === "OPTIONS") return preflight(res, appOrigin);
    switch (route) {
      case "GET /.well-known/openid-configuration":
        stats.discovery += 1;
        return sendJson(res, 200, metadata, { "Access-Control-Allow-Origin": "*" });
      case "GET /jwks":
        stats.jwks += 1;
        return sendJson(res, 200, { keys: [keys.rsa.jwk, keys.ec.jwk] }, { "Access-Control-Allow-Origin": "*" });
      case "GET /authorize":
        return authorize(url, res);
      case "POST /token":
        return token(req, res);
      case "GET /userinfo":
      case "POST /userinfo":
        return userinfo(req, res);
      case "GET /__mode":
        setMode(url.searchParams.get("m") ?? "");
        return sendJson(res, 200, { mode });
      case "POST /__mode":
        setMode((await readBody(req)).trim());
        return sendJson(res, 200, { mode });
      case "GET /__stats":
        return sendJson(res, 200, stats, cors(appOrigin));
      case "POST /__stats/reset":
        stats = emptyStats();
        res.writeHead(204, cors(appOrigin));
        return res.end();
      default:
        return send(res, 404, "text/plain", "not found");
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 400, "text/plain", String(err?.message ?? err)));
  });
  server.listen(port, "localhost");
  await once(server, "listening");

  return {
    issuer,
    url: issuer,
    setMode,
    get mode() {
      return mode;
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats = emptyStats();
    },
    /**
     * The last successful token response: { accessToken, idToken, tokenType, dpopJkt,
     * proofJkt } (the two thumbprints null without DPoP), or null.
     */
    lastIssued: () => lastIssued,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function cors(origin) {
  return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
}

function preflight(res, origin) {
  res.writeHead(204, {
    ...cors(origin),
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, DPoP",
    "Access-Control-Max-Age": "600",
  });
  res.end();
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { "Content-Type": type, ...headers });
  res.end(body);
}

function sendJson(res, status, value, headers = {}) {
  send(res, status, "application/json", JSON.stringify(value), headers);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function main() {
  const bad = await startBadProvider({
    port: Number(process.env.BAD_OP_PORT ?? 9100),
    appOrigin: process.env.APP_ORIGIN ?? "http://localhost:8080",
  });
  console.log(`bad provider ready at ${bad.url}`);
  const stop = async () => {
    await bad.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
