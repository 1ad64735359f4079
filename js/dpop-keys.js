// The client's DPoP key pair (src/browser/dpop.rs), found in the key store or made and
// stored, in one call: each step would be an await in the wasm, an async state machine
// of its own. Which requests carry a proof and what it says are the wasm's decisions.
import { idbRun } from "./idb.js";
import { makeDpopKeyPair, publicPoint } from "./webcrypto.js";

const GET = 0;
const ADD = 1;
// Why there is no key pair, as the wasm reads it (0 and 1 are idbRun's).
const NOT_MADE = 2;
const NOT_EXPORTED = 3;

// Resolves with [privateKey, x, y]: the private key (non-extractable) and the public key's
// P-256 point. `id` names the pair in the key store (IndexedDB); with `persisted` false
// it is made for this page only. Rejects with idbRun's numbers, NOT_MADE or NOT_EXPORTED.
export async function dpopKeyPair(id, persisted) {
  let pair = persisted ? await idbRun(GET, id) : undefined;
  if (!pair) {
    try {
      pair = await makeDpopKeyPair();
    } catch {
      throw NOT_MADE;
    }
    if (persisted) {
      try {
        await idbRun(ADD, id, pair);
      } catch {
        // Another tab stored its first key pair since the read above. `add` kept that
        // one, and this tab uses it too: a key of its own would match no stored key, nor
        // the other tab's `dpop_jkt`.
        pair = await idbRun(GET, id);
        if (!pair) throw 0;
      }
    }
  }
  try {
    return [pair.privateKey, ...(await publicPoint(pair.publicKey))];
  } catch {
    throw NOT_EXPORTED;
  }
}
