// DPoP (RFC 9449) proof checks for the test servers, with node:crypto only:
// the resource server (resource-server.mjs) and the misbehaving provider
// (bad-op.mjs) verify the proofs the library sends; the stats middleware only
// decodes them to record what was sent.
//
//   const { jkt, payload } = verifyDpopProof(req.headers.dpop, {
//     method: "GET", url: "http://localhost:9006/api/whoami", accessToken,
//   });  // throws DpopProofError when the proof is not acceptable

import { createHash, createPublicKey, verify } from "node:crypto";

/** The only proof algorithm accepted here (what the library signs with). */
export const DPOP_ALGS = ["ES256"];

export class DpopProofError extends Error {
  constructor(description) {
    super(description);
    this.name = "DpopProofError";
  }
}

export function base64urlSha256(value) {
  return createHash("sha256").update(value).digest("base64url");
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of a public EC, RSA or OKP key. */
export function jwkThumbprint(jwk) {
  const members = { EC: ["crv", "kty", "x", "y"], RSA: ["e", "kty", "n"], OKP: ["crv", "kty", "x"] }[jwk?.kty];
  if (!members) throw new DpopProofError(`unsupported jwk kty ${JSON.stringify(jwk?.kty)}`);
  const required = {};
  for (const name of members) {
    if (typeof jwk[name] !== "string") throw new DpopProofError(`jwk lacks ${name}`);
    required[name] = jwk[name];
  }
  // Members in lexicographic order, no whitespace: the order above is already sorted.
  return base64urlSha256(JSON.stringify(required));
}

/** ath: base64url(SHA-256(ASCII access token)), RFC 9449 §4.2. */
export function accessTokenHash(accessToken) {
  return base64urlSha256(accessToken);
}

/** Header and payload of a compact JWS, without any check; null when it does not parse. */
export function decodeProof(proof) {
  try {
    const [header, payload] = String(proof).split(".");
    const json = (part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return { header: json(header), payload: json(payload) };
  } catch {
    return null;
  }
}

/** The request URL a proof's htu must name: no query, no fragment (RFC 9449 §4.3 item 9). */
export function htuOf(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

/**
 * RFC 9449 §4.3 checks of one proof, in its order (nonce and jti replay are the
 * caller's, who keeps the state): one well-formed JWT, typ dpop+jwt, an accepted
 * alg, a public jwk that verifies the signature, htm, htu, iat within
 * `maxAgeSeconds` either way, and ath when an access token is presented.
 * Returns { header, payload, jkt }.
 */
export function verifyDpopProof(proof, { method, url, accessToken, maxAgeSeconds = 60, now = Date.now() / 1000 }) {
  if (typeof proof !== "string" || proof.length === 0) throw new DpopProofError("no DPoP proof");
  if (proof.includes(",")) throw new DpopProofError("more than one DPoP header");
  const parts = proof.split(".");
  if (parts.length !== 3) throw new DpopProofError("the DPoP proof is not a compact JWS");
  const decoded = decodeProof(proof);
  if (!decoded) throw new DpopProofError("the DPoP proof does not parse");
  const { header, payload } = decoded;

  if (header.typ !== "dpop+jwt") throw new DpopProofError(`typ is ${JSON.stringify(header.typ)}, not dpop+jwt`);
  if (!DPOP_ALGS.includes(header.alg)) throw new DpopProofError(`alg ${JSON.stringify(header.alg)} is not accepted`);
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== "object") throw new DpopProofError("no jwk in the proof header");
  if (jwk.d !== undefined || jwk.p !== undefined) throw new DpopProofError("the jwk holds a private key");
  if (jwk.kty !== "EC" || jwk.crv !== "P-256") throw new DpopProofError("ES256 needs an EC P-256 jwk");

  let key;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: "jwk" });
  } catch (err) {
    throw new DpopProofError(`the jwk is not a usable public key: ${err.message}`);
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], "base64url");
  if (!verify("sha256", signed, { key, dsaEncoding: "ieee-p1363" }, signature)) {
    throw new DpopProofError("the DPoP proof signature does not verify");
  }

  if (typeof payload.jti !== "string" || payload.jti.length === 0) throw new DpopProofError("no jti");
  if (payload.htm !== method) throw new DpopProofError(`htm ${JSON.stringify(payload.htm)} is not ${method}`);
  let htu;
  try {
    htu = htuOf(payload.htu);
  } catch {
    throw new DpopProofError(`htu ${JSON.stringify(payload.htu)} is not a URL`);
  }
  if (htu !== htuOf(url)) throw new DpopProofError(`htu ${JSON.stringify(payload.htu)} is not ${htuOf(url)}`);
  if (typeof payload.iat !== "number") throw new DpopProofError("no iat");
  if (Math.abs(now - payload.iat) > maxAgeSeconds) {
    throw new DpopProofError(`iat is ${Math.round(now - payload.iat)} s off (window ${maxAgeSeconds} s)`);
  }
  if (payload.nonce !== undefined && typeof payload.nonce !== "string") throw new DpopProofError("nonce is not a string");
  if (accessToken !== undefined) {
    if (payload.ath !== accessTokenHash(accessToken)) throw new DpopProofError("ath does not match the access token");
  }
  return { header, payload, jkt: jwkThumbprint(jwk) };
}
