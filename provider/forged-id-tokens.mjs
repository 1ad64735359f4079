// The ID tokens of the misbehaving provider: a valid one for mode "ok", and for
// each other mode the valid one broken in exactly one way.

import { randomBytes } from "node:crypto";

import { b64url, encodeJson, signJwt } from "./jws.mjs";

const FIVE_MINUTES = 300;

/** Claims of a valid ID token; `claims` then receives the mode's one change. */
function validClaims({ issuer, clientId, nonce, now }) {
  return {
    iss: issuer,
    sub: "user-1",
    aud: clientId,
    exp: now + FIVE_MINUTES,
    iat: now,
    auth_time: now,
    ...(nonce === undefined ? {} : { nonce }),
  };
}

const CLAIM_CHANGES = {
  wrong_iss: (c) => ({ ...c, iss: "http://evil.example" }),
  wrong_aud: (c) => ({ ...c, aud: "someone-else" }),
  expired: (c) => ({ ...c, exp: c.iat - 3600, iat: c.iat - 7200 }),
  future_iat: (c) => ({ ...c, iat: c.iat + 3600 }),
  wrong_nonce: (c) => ({ ...c, nonce: b64url(randomBytes(16)) }),
  missing_sub: ({ sub, ...c }) => c,
};

/**
 * The ID token for `mode`. keys: { rsa, ec, stray } from jws.generateSigningKey;
 * `stray` is not published in the JWKS.
 */
export function forgeIdToken(mode, { issuer, clientId, nonce, keys, now = Math.floor(Date.now() / 1000) }) {
  const claims = (CLAIM_CHANGES[mode] ?? ((c) => c))(validClaims({ issuer, clientId, nonce, now }));
  const rsaHeader = { alg: "RS256", typ: "JWT", kid: keys.rsa.kid };

  switch (mode) {
    case "bad_signature": {
      const [header, payload, signature] = signJwt(rsaHeader, claims, keys.rsa.privateKey).split(".");
      const bytes = Buffer.from(signature, "base64url");
      bytes[bytes.length >> 1] ^= 0xff;
      return `${header}.${payload}.${b64url(bytes)}`;
    }
    case "tampered_payload": {
      const [header, , signature] = signJwt(rsaHeader, claims, keys.rsa.privateKey).split(".");
      return `${header}.${encodeJson({ ...claims, sub: "user-2" })}.${signature}`;
    }
    case "alg_none":
      return signJwt({ alg: "none", typ: "JWT" }, claims, null);
    case "hs256_public_key": {
      // Algorithm confusion: the RSA public key, as the verifier would hold it, used as an HMAC secret.
      const secret = Buffer.from(keys.rsa.publicKey.export({ type: "spki", format: "pem" }));
      return signJwt({ alg: "HS256", typ: "JWT", kid: keys.rsa.kid }, claims, secret);
    }
    case "unknown_kid":
      return signJwt({ alg: "RS256", typ: "JWT", kid: keys.stray.kid }, claims, keys.stray.privateKey);
    case "es256":
      return signJwt({ alg: "ES256", typ: "JWT", kid: keys.ec.kid }, claims, keys.ec.privateKey);
    default:
      return signJwt(rsaHeader, claims, keys.rsa.privateKey);
  }
}
