// Node-side JWT decoding and signature checks, used to check the providers
// themselves (the library under test verifies tokens its own way, in the page).

import { createPublicKey, verify } from "node:crypto";

export function decodeJwt(jwt) {
  const [header, payload, signature] = jwt.split(".");
  const json = (part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: json(header), payload: json(payload), signature };
}

/** True when `jwt` is RS256 or ES256 and verifies with the JWKS key of its kid. */
export function verifyWithJwks(jwt, jwks) {
  const { header } = decodeJwt(jwt);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return false;
  const [h, p, s] = jwt.split(".");
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, "base64url");
  if (header.alg === "RS256") return verify("sha256", data, key, signature);
  if (header.alg === "ES256") return verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature);
  return false;
}
