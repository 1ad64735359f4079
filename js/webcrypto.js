// WebCrypto steps the shell (src/browser/crypto.rs) runs as one call each: an await in
// the wasm is an async state machine of its own, an await here a few bytes of JS.
// Which key and which algorithm are the core's decisions; nothing here decides.

// Imported keys, for the page's life: importKey costs more than verify itself.
const imported = new Map();

// Resolves with verify's verdict (true or false); rejects with 1 when WebCrypto refuses
// the key, with anything else when verify itself could not run. `id` names the key for
// the algorithm (the same id, the same key).
export async function verifySignature(id, jwk, importAlgorithm, verifyAlgorithm, signature, data) {
  // Views into wasm memory: copied before the first await, which may outlive them.
  signature = signature.slice();
  data = data.slice();
  let key = imported.get(id);
  if (!key) {
    try {
      key = await crypto.subtle.importKey("jwk", jwk, importAlgorithm, false, ["verify"]);
    } catch {
      throw 1;
    }
    imported.set(id, key);
  }
  return crypto.subtle.verify(verifyAlgorithm, key, signature, data);
}
