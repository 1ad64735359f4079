// PKCE and random values for Node-side checks of the providers (RFC 7636).
// The library under test has its own; this is the test's independent copy.

import { createHash, randomBytes } from "node:crypto";

export function randomToken(bytes = 32) {
  return randomBytes(bytes).toString("base64url");
}

export function pkcePair() {
  const verifier = randomToken(32);
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}
