// Compact JWS signing with node:crypto, for the misbehaving provider (bad-op.mjs),
// which must be able to produce both valid and deliberately broken ID tokens.

import { createHmac, generateKeyPairSync, sign } from "node:crypto";

export function b64url(bytes) {
  return Buffer.from(bytes).toString("base64url");
}

export function encodeJson(value) {
  return b64url(JSON.stringify(value));
}

/** A signing key pair with its public JWK (kid, alg and use set). */
export function generateSigningKey({ kid, alg }) {
  const { privateKey, publicKey } =
    alg === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicKey, jwk };
}

/** The signature of `signingInput` for `alg`, as raw bytes. */
export function signatureBytes(alg, signingInput, key) {
  switch (alg) {
    case "RS256": // RSASSA-PKCS1-v1_5 with SHA-256
      return sign("sha256", Buffer.from(signingInput), key);
    case "ES256": // JWS wants r || s (IEEE P1363), not DER
      return sign("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" });
    case "HS256": // `key` is the shared secret (bytes)
      return createHmac("sha256", key).update(signingInput).digest();
    case "none":
      return Buffer.alloc(0);
    default:
      throw new Error(`unsupported alg ${alg}`);
  }
}

/** header.payload.signature; `key` is a KeyObject (RS256, ES256) or secret bytes (HS256). */
export function signJwt(header, payload, key) {
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${signingInput}.${b64url(signatureBytes(header.alg, signingInput, key))}`;
}
