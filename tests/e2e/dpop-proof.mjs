// DPoP proofs made in Node (a key of the test's own, not the library's): to
// check the test provider and the resource server themselves, and to show
// that a token bound to the page's key is useless with any other key.

import { generateKeyPairSync, randomUUID, sign } from "node:crypto";

import { accessTokenHash, jwkThumbprint } from "../../provider/dpop.mjs";

/** A fresh ES256 key: { jwk, jkt, proof({ htm, htu, accessToken, nonce, iat, jti }) }. */
export function createDpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" });
  const jwk = { kty, crv, x, y };
  return {
    jwk,
    jkt: jwkThumbprint(jwk),
    proof({ htm, htu, accessToken, nonce, iat = Math.floor(Date.now() / 1000), jti = randomUUID() }) {
      const header = { typ: "dpop+jwt", alg: "ES256", jwk };
      const payload = { jti, htm, htu, iat };
      if (nonce !== undefined) payload.nonce = nonce;
      if (accessToken !== undefined) payload.ath = accessTokenHash(accessToken);
      const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const signingInput = `${encode(header)}.${encode(payload)}`;
      const signature = sign("sha256", Buffer.from(signingInput), { key: privateKey, dsaEncoding: "ieee-p1363" });
      return `${signingInput}.${signature.toString("base64url")}`;
    },
  };
}
