// WebCrypto steps the shell (src/browser/crypto.rs) runs as one call each: an await in
// the wasm is an async state machine of its own, an await here a few bytes of JS.
// Which key and which algorithm are the core's decisions; nothing here decides.

// Imported keys, for the page's life: importKey costs more than verify itself.
const imported = new Map();

// Resolves with verify's verdict (true or false); rejects with 1 when WebCrypto refuses
// the key, with anything else when verify itself could not run. `id` names the key for
// the algorithm (the same id, the same key). A key already imported is used at once:
// no await, no copy (verify reads the bytes before it returns).
export function verifySignature(id, jwk, importAlgorithm, verifyAlgorithm, signature, data) {
  const key = imported.get(id);
  return key
    ? crypto.subtle.verify(verifyAlgorithm, key, signature, data)
    : importAndVerify(id, jwk, importAlgorithm, verifyAlgorithm, signature.slice(), data.slice());
}

// The bytes are copies here: views into wasm memory may not outlive an await.
async function importAndVerify(id, jwk, importAlgorithm, verifyAlgorithm, signature, data) {
  let key;
  try {
    key = await crypto.subtle.importKey("jwk", jwk, importAlgorithm, false, ["verify"]);
  } catch {
    throw 1;
  }
  imported.set(id, key);
  return crypto.subtle.verify(verifyAlgorithm, key, signature, data);
}

// A new ES256 key pair for DPoP (RFC 9449 §2), as `{ privateKey, publicKey }` (what the
// key store keeps): the private key non-extractable, so no script, this page's included,
// can export it; it can only be used to sign.
export async function makeDpopKeyPair() {
  const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]);
  return { privateKey, publicKey };
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
