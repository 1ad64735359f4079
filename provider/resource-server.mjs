// A tiny resource server (an app's API) on loopback, on an origin of its own,
// for the DPoP tests: it takes the provider's access tokens, sender-constrained
// (RFC 9449) or plain Bearer, and checks them the way an API should.
//
//   import { startResourceServer } from "./provider/resource-server.mjs";
//   const api = await startResourceServer({ port: 9006, issuer: "http://localhost:9000",
//     appOrigin: "http://localhost:8080", requireNonce: true });
//   fetch(api.apiUrl) ... api.stats() ... await api.close();
//
// GET or POST /api/whoami
//   Authorization: DPoP <token> + DPoP: <proof>  the proof must verify (dpop.mjs:
//     typ, ES256, embedded public jwk, htm, htu, iat within 60 s, ath), its jti
//     must be new to this server (replays are refused), with requireNonce its
//     nonce must be this server's (else 401 use_dpop_nonce + DPoP-Nonce); the
//     token must be active at the provider's introspection endpoint (as client
//     "m2m") and its cnf.jkt must be the proof key's thumbprint.
//   Authorization: Bearer <token>  accepted only for a token without cnf.jkt
//     (a DPoP-bound token used as a bearer token is refused, RFC 9449 §7.1).
//   -> 200 { sub, client_id, scheme, jkt } or 401 { error, error_description }
//      with WWW-Authenticate (scheme DPoP, algs="ES256", error=...).
// CORS for appOrigin: Authorization and DPoP request headers allowed,
// DPoP-Nonce and WWW-Authenticate exposed.
// GET /__stats -> { requests: [{ method, path, scheme, proof, nonce, status, error }],
//   accepted, useDpopNonce, replays }; POST /__stats/reset.

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";

import { DPOP_ALGS, DpopProofError, verifyDpopProof } from "./dpop.mjs";

function emptyStats() {
  return { requests: [], accepted: 0, useDpopNonce: 0, replays: 0 };
}

export async function startResourceServer({
  port = 9006,
  issuer,
  appOrigin = "http://localhost:8080",
  requireNonce = false,
  introspectionClient = { id: "m2m", secret: "m2m-secret" },
} = {}) {
  if (!issuer) throw new Error("startResourceServer: issuer is required");
  const origin = `http://localhost:${port}`;
  const seenJtis = new Set();
  // One nonce for this server's life: a client that remembers it never retries again.
  const nonce = randomBytes(24).toString("base64url");
  let stats = emptyStats();
  let introspectionEndpoint = null;

  async function introspect(token) {
    introspectionEndpoint ??= (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json())
      .introspection_endpoint;
    const basic = Buffer.from(`${encodeURIComponent(introspectionClient.id)}:${encodeURIComponent(introspectionClient.secret)}`)
      .toString("base64");
    const response = await fetch(introspectionEndpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({ token }),
    });
    if (!response.ok) throw new Error(`introspection: HTTP ${response.status}`);
    return response.json();
  }

  async function whoami(req, url, record) {
    const [scheme = "", token = "", ...rest] = (req.headers.authorization ?? "").split(" ");
    record.scheme = scheme;
    const proofHeader = req.headers.dpop;
    record.proof = proofHeader !== undefined;
    if (!token || rest.length > 0) return refuse("DPoP", 401, "invalid_token", "no access token");

    if (/^bearer$/i.test(scheme)) {
      const info = await introspect(token);
      if (!info.active) return refuse("Bearer", 401, "invalid_token", "the access token is not active");
      if (info.cnf?.jkt) return refuse("Bearer", 401, "invalid_token", "a DPoP-bound access token sent as a bearer token");
      return { status: 200, body: { sub: info.sub, client_id: info.client_id, scheme: "Bearer", jkt: null } };
    }
    if (!/^dpop$/i.test(scheme)) return refuse("DPoP", 401, "invalid_token", `unknown scheme ${scheme}`);

    let proof;
    try {
      proof = verifyDpopProof(proofHeader, { method: req.method, url: `${origin}${url.pathname}`, accessToken: token });
    } catch (err) {
      if (err instanceof DpopProofError) return refuse("DPoP", 401, "invalid_dpop_proof", err.message);
      throw err;
    }
    record.nonce = proof.payload.nonce !== undefined;
    if (requireNonce && proof.payload.nonce !== nonce) {
      stats.useDpopNonce += 1;
      return refuse("DPoP", 401, "use_dpop_nonce", proof.payload.nonce ? "stale nonce" : "a nonce is required", {
        "DPoP-Nonce": nonce,
      });
    }
    if (seenJtis.has(proof.payload.jti)) {
      stats.replays += 1;
      return refuse("DPoP", 401, "invalid_dpop_proof", "DPoP proof replay detected (jti seen before)");
    }
    seenJtis.add(proof.payload.jti);

    const info = await introspect(token);
    if (!info.active) return refuse("DPoP", 401, "invalid_token", "the access token is not active");
    if (!info.cnf?.jkt) return refuse("DPoP", 401, "invalid_token", "the access token is not DPoP-bound");
    if (info.cnf.jkt !== proof.jkt) return refuse("DPoP", 401, "invalid_token", "the proof key is not the token's (cnf.jkt)");
    return { status: 200, body: { sub: info.sub, client_id: info.client_id, scheme: "DPoP", jkt: proof.jkt } };
  }

  function refuse(scheme, status, error, description, headers = {}) {
    const params = [`error="${error}"`, `error_description="${description.replace(/["\\]/g, "'")}"`];
    if (scheme === "DPoP") params.unshift(`algs="${DPOP_ALGS.join(" ")}"`);
    return {
      status,
      body: { error, error_description: description },
      headers: { "WWW-Authenticate": `${scheme} ${params.join(", ")}`, ...headers },
    };
  }

  const cors = {
    "Access-Control-Allow-Origin": appOrigin,
    "Access-Control-Expose-Headers": "DPoP-Nonce, WWW-Authenticate",
    Vary: "Origin",
  };

  async function handle(req, res) {
    const url = new URL(req.url, origin);
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...cors,
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Headers": "Authorization, DPoP, Content-Type",
        "Access-Control-Max-Age": "600",
      });
      return res.end();
    }
    if (url.pathname === "/__stats" && req.method === "GET") return sendJson(res, 200, stats, cors);
    if (url.pathname === "/__stats/reset" && req.method === "POST") {
      stats = emptyStats();
      res.writeHead(204, cors);
      return res.end();
    }
    if (url.pathname !== "/api/whoami" || !["GET", "POST"].includes(req.method)) {
      return sendJson(res, 404, { error: "not_found" }, cors);
    }
    for await (const _ of req); // drain a POST body
    const record = { method: req.method, path: url.pathname, scheme: null, proof: false, nonce: false };
    stats.requests.push(record);
    const outcome = await whoami(req, url, record);
    record.status = outcome.status;
    record.error = outcome.body.error ?? null;
    if (outcome.status === 200) stats.accepted += 1;
    sendJson(res, outcome.status, outcome.body, { ...cors, ...outcome.headers, "Cache-Control": "no-store" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => sendJson(res, 500, { error: "server_error", error_description: String(err?.message ?? err) }, cors));
  });
  server.listen(port, "localhost");
  await once(server, "listening");

  return {
    origin,
    apiUrl: `${origin}/api/whoami`,
    nonce,
    stats: () => structuredClone(stats),
    resetStats() {
      stats = emptyStats();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res, status, value, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}
