// The provider's fixed signing keys (private JWKs committed under provider/keys/).
// They are test keys: they sign tokens for a provider on loopback and nothing else.

import { readFileSync } from "node:fs";

function readJwk(name) {
  return JSON.parse(readFileSync(new URL(`./keys/${name}.json`, import.meta.url), "utf8"));
}

/** RS256 first: oidc-provider signs ID tokens with the first key whose alg fits. */
export function signingKeys() {
  return { keys: [readJwk("rs-1"), readJwk("es-1")] };
}
