// IndexedDB steps the shell (src/browser/idb.rs) runs as one call each: an await in the
// wasm is an async state machine of its own, here a few bytes of JS. Database
// `oidc-wasm`, object store `dpop-keys` (the DPoP key pair: non-extractable CryptoKeys
// are stored by structured clone). What to store, and when, is the wasm's decision.

const DATABASE = "oidc-wasm";
const STORE = "dpop-keys";
// How long one operation (open, request, commit) may take in all. IndexedDB answers in
// milliseconds, but it queues a transaction behind any other on the same store, another
// tab's too: without a bound, one that never ends would hold sign-in and sign-out.
const DEADLINE_MS = 4000;

// Why an operation gave no result, as the wasm reads it.
const FAILED = 0;
const UNAVAILABLE = 1;

// The request's result once it succeeds, unless `deadline` (a promise that rejects)
// comes first.
function settled(request, deadline) {
  return Promise.race([
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = reject;
    }),
    deadline,
  ]);
}

// Runs one operation on `key` in a transaction of its own: `op` 0 reads (resolving with
// the value, undefined when there is none), 1 adds `value` (failing when something is
// stored there already), 2 deletes. Rejects with FAILED after DEADLINE_MS in all, or with
// UNAVAILABLE. A write given up on is not undone: its request stays queued and still
// commits if the page lives long enough.
export async function idbRun(op, key, value) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(reject, DEADLINE_MS);
  });
  let opening;
  let db;
  try {
    if (!globalThis.indexedDB) throw UNAVAILABLE;
    opening = indexedDB.open(DATABASE, 1);
    // The first open creates the store.
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    db = await settled(opening, deadline);
    const tx = db.transaction(STORE, op ? "readwrite" : "readonly");
    // A write counts once its transaction commits, not when its request succeeds: a page
    // that leaves right after (sign-out's redirect, sign-in's) must not lose it.
    const ended = new Promise((resolve) => {
      tx.oncomplete = tx.onerror = tx.onabort = resolve;
    });
    const store = tx.objectStore(STORE);
    const result = await settled(op == 0 ? store.get(key) : op == 1 ? store.add(value, key) : store.delete(key), deadline);
    if (op && (await Promise.race([ended, deadline])).type != "complete") throw FAILED;
    return result;
  } catch (error) {
    // An open that answers after its deadline is closed then, not held until unload.
    if (opening && !db) opening.onsuccess = () => opening.result.close();
    throw error === UNAVAILABLE ? error : FAILED;
  } finally {
    clearTimeout(timer);
    db?.close();
  }
}
