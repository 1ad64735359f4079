// WebCrypto steps the shell (src/browser/crypto.rs) runs as one call each: an await in
// the wasm is an async state machine of its own, an await here a few bytes of JS.
// Which key and which algorithm are the core's decisions; this file knows only how
// WebCrypto names them.

// Imported keys, for the page's life: importKey costs more than verify itself.
const imported = new Map();

// WebCrypto's parameters for a JWS `alg` (RFC 7518 §3.3–3.5, RFC 8037 §3.1), to import a
// key and to verify: [importKey's, verify's]. Which algorithms are accepted, and which
// key fits, the wasm decided before this is called.
function parameters(alg) {
  const bits = alg.slice(2);
  const hash = "SHA-" + bits;
  if (alg == "EdDSA") return [{ name: "Ed25519" }, { name: "Ed25519" }];
  if (alg[0] == "E") return [{ name: "ECDSA", namedCurve: bits == 512 ? "P-521" : "P-" + bits }, { name: "ECDSA", hash }];
  // RSA-PSS's salt is as long as the hash (RFC 7518 §3.5).
  if (alg[0] == "P") return [{ name: "RSA-PSS", hash }, { name: "RSA-PSS", saltLength: bits / 8 }];
  return [{ name: "RSASSA-PKCS1-v1_5", hash }, { name: "RSASSA-PKCS1-v1_5" }];
}

// Verifies `signature` over `data` with the public JWK members given (`alg`, `use` and
// `key_ops` were checked by the wasm and would only make importKey stricter). Resolves
// with verify's verdict (true or false); rejects with 1 when WebCrypto refuses the key,
// with anything else when verify itself could not run. A key already imported is used
// at once: no await, no copy (verify reads the bytes before it returns).
export function verifySignature(alg, kty, n, e, crv, x, y, signature, data) {
  // What makes two JWKs the same key for one algorithm.
  const id = [alg, n, e, crv, x, y].join("|");
  const key = imported.get(id);
  return key
    ? crypto.subtle.verify(parameters(alg)[1], key, signature, data)
    : importAndVerify(id, alg, { kty, n, e, crv, x, y }, signature.slice(), data.slice());
}

// The bytes are copies here: views into wasm memory may not outlive an await. A member
// given as undefined is absent to importKey.
async function importAndVerify(id, alg, jwk, signature, data) {
  const [importParameters, verifyParameters] = parameters(alg);
  let key;
  try {
    key = await crypto.subtle.importKey("jwk", jwk, importParameters, false, ["verify"]);
  } catch {
    throw 1;
  }
  imported.set(id, key);
  return crypto.subtle.verify(verifyParameters, key, signature, data);
}

// A new ES256 key pair for DPoP (RFC 9449 §2), a plain `{ privateKey, publicKey }` (a
// CryptoKeyPair is a dictionary: what the key store keeps, by structured clone): the
// private key non-extractable, so no script, this page's included, can export it; it can
// only be used to sign.
export async function makeDpopKeyPair() {
  return crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
}

// The public key's P-256 point `[x, y]` (base64url), for the proof header and the
// thumbprint (a public key is always exportable).
export async function publicPoint(publicKey) {
  const { x, y } = await crypto.subtle.exportKey("jwk", publicKey);
  return [x, y];
}

// SHA-256 of a text's UTF-8 bytes, as bytes (an ArrayBuffer).
export async function sha256(text) {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

// ES256 over `data` (bytes, read before the first await), as bytes (an ArrayBuffer).
export async function signEs256(privateKey, data) {
  return crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, data);
}
