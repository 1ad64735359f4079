// The browser shell's JS side: the I/O sequences the shell (src/browser/) runs as one
// call each, bound with `#[wasm_bindgen(module = "/js/shell.js")]`. An await in the wasm
// is an async state machine of its own, with its shims; here it is a few bytes of JS.
// What to send, store or check, and what an answer means, are the wasm's decisions;
// nothing here decides. scripts/package.mjs bundles this file into the entries.
//
// One file, not one per concept: wasm-pack's test runner serves each bound JS file to
// the test page as a module of its own, and with seven such files its file server left
// one or two of those requests hanging in 10 of 36 starts (ChromeDriver gave up after
// its 300 s page-load limit, "Loading scripts..."); with one file, in none of 78. The
// sections below are the former files, and two since: storage, and strings read from JS.

// ====================================================================================
// Provider requests and the app's requests (src/browser/http.rs, app_fetch.rs)
// ====================================================================================

// On the global fetch: windows, workers and Node 18+ alike.

// The largest response body read from a provider: 1 MiB (declared bytes, then UTF-16
// units of the text). Discovery documents, key sets and token responses are a few KB;
// anything far larger is refused before it is copied into wasm memory.
const MAX_BODY = 1 << 20;

// Why a request gave no answer, as the wasm reads it.
const NETWORK = 0;
const TIMEOUT = 1;
const TOO_LARGE = 2;

// `work()` (a fetch with `init`, and whatever reads its answer), aborted once `ms` have
// passed (0: never; the caller's own signal bounds it then). Rejects with TIMEOUT when
// the deadline struck; otherwise with work's own rejection when `passOn`, else NETWORK.
async function within(init, ms, work, passOn) {
  let timer;
  let fired = false;
  if (ms) {
    const controller = new AbortController();
    init.signal = controller.signal;
    timer = setTimeout(() => {
      fired = true;
      controller.abort();
    }, ms);
  }
  try {
    return await work();
  } catch (error) {
    throw fired ? TIMEOUT : passOn ? error : NETWORK;
  } finally {
    clearTimeout(timer);
  }
}

// `client.fetch`: the app's `init` (copied, never changed) with its headers plus
// `authorization` and, when given, a DPoP `proof`; the response must start within `ms`
// (0: the app's own signal bounds it, and a failure is fetch's own). Resolves with
// [response, DPoP-Nonce, WWW-Authenticate]; rejects with TIMEOUT, NETWORK, fetch's own
// rejection, or what `Headers` throws at a header it refuses.
export async function fetchWithCredentials(url, init, authorization, proof, ms) {
  const headers = new Headers(init?.headers);
  headers.set("Authorization", authorization);
  if (proof) headers.set("DPoP", proof);
  const request = { ...init, headers };
  const response = await within(request, ms, () => fetch(url, request), !ms);
  return [response, response.headers.get("dpop-nonce"), response.headers.get("www-authenticate")];
}

// A provider request: its answer (headers and body) within `ms`, as `receive` gives it.
export function send(url, init, ms) {
  return within(init, ms, () => receive(fetch(url, init)), true);
}

// The answer `fetched` (a fetch promise) brings: [status, body, WWW-Authenticate,
// Content-Type, DPoP-Nonce] (an absent header is null). Rejects with NETWORK, TIMEOUT
// (a request the page's JS bounded with `AbortSignal.timeout`) or TOO_LARGE.
export async function receive(fetched) {
  let response;
  let body;
  try {
    response = await fetched;
    if (+response.headers.get("content-length") > MAX_BODY) throw TOO_LARGE;
    body = await response.text();
  } catch (error) {
    throw error === TOO_LARGE ? error : error?.name == "TimeoutError" ? TIMEOUT : NETWORK;
  }
  if (body.length > MAX_BODY) throw TOO_LARGE;
  const header = (name) => response.headers.get(name);
  return [response.status, body, header("www-authenticate"), header("content-type"), header("dpop-nonce")];
}

// ====================================================================================
// WebCrypto (src/browser/crypto.rs)
// ====================================================================================

// Which key and which algorithm are the core's decisions; this section knows only how
// WebCrypto names them.

// Imported keys, for the page's life: importKey costs more than verify itself.
const importedKeys = new Map();

// WebCrypto's parameters for a JWS `alg` (RFC 7518 §3.3–3.5, RFC 8037 §3.1), to import a
// key and to verify: [importKey's, verify's]. Which algorithms are accepted, and which
// key fits, the wasm decided before this is called: an EC key's `crv` is the alg's.
function parameters(alg, crv) {
  const bits = alg.slice(2);
  const hash = "SHA-" + bits;
  if (alg == "EdDSA") return [{ name: "Ed25519" }, { name: "Ed25519" }];
  if (alg[0] == "E") return [{ name: "ECDSA", namedCurve: crv }, { name: "ECDSA", hash }];
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
  const key = importedKeys.get(id);
  return key
    ? crypto.subtle.verify(parameters(alg, crv)[1], key, signature, data)
    : importAndVerify(id, alg, { kty, n, e, crv, x, y }, signature.slice(), data.slice());
}

// The bytes are copies here: views into wasm memory may not outlive an await. A member
// given as undefined is absent to importKey.
async function importAndVerify(id, alg, jwk, signature, data) {
  const [importParameters, verifyParameters] = parameters(alg, jwk.crv);
  let key;
  try {
    key = await crypto.subtle.importKey("jwk", jwk, importParameters, false, ["verify"]);
  } catch {
    throw 1;
  }
  importedKeys.set(id, key);
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

// ====================================================================================
// IndexedDB (src/browser/idb.rs)
// ====================================================================================

// Database `oidc-wasm`, object store `dpop-keys` (the DPoP key pair: non-extractable
// CryptoKeys are stored by structured clone).

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

// ====================================================================================
// The DPoP key pair (src/browser/dpop.rs)
// ====================================================================================

// The client's key pair, found in the key store or made and stored, in one call.

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

// ====================================================================================
// The renew lock (src/browser/lock.rs)
// ====================================================================================

// On Web Locks (`navigator.locks`): asking for the lock, queueing for it and bounding
// how long it is held, in one call. What runs under the lock is the wasm's.

// Runs `task(waited)` (a function returning a promise) while holding the exclusive lock
// `name`; `waited` says whether this tab queued behind another one. Resolves once the
// task settles, or after `maxHoldMs` should it never settle (a trap in the wasm): the
// lock is released then, so other tabs are not locked out for the page's life. Where
// Web Locks are missing, the task runs at once. Rejects when a lock request fails.
export async function withLock(name, maxHoldMs, task) {
  const locks = globalThis.navigator?.locks;
  if (!locks) return task(false);
  let ran = false;
  const hold = (waited) => (lock) => {
    // With `ifAvailable`, `lock` is null when another tab holds it.
    if (!lock) return;
    ran = true;
    let timer;
    const cap = new Promise((resolve) => (timer = setTimeout(resolve, maxHoldMs)));
    return Promise.race([task(waited), cap]).finally(() => clearTimeout(timer));
  };
  await locks.request(name, { ifAvailable: true }, hold(false));
  if (!ran) await locks.request(name, hold(true));
}

// ====================================================================================
// The hidden iframe (src/browser/watch.rs)
// ====================================================================================

// The frame silent renew waits on, made in one call; the wasm gives it its address,
// watches it and removes it.

// Returns [frame, its window], appended to the body, hidden, still without an address;
// or a number saying what is missing: 0 no document, 1 no body, 2 the frame could not
// be made or attached, 3 it has no window (it is removed then).
export function hiddenFrame() {
  const body = globalThis.document?.body;
  if (!body) return globalThis.document ? 1 : 0;
  let frame;
  try {
    frame = document.createElement("iframe");
    frame.setAttribute("style", "display:none");
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("title", "oidc-wasm silent renew");
    body.appendChild(frame);
  } catch {
    return 2;
  }
  if (frame.contentWindow) return [frame, frame.contentWindow];
  frame.remove();
  return 3;
}

// ====================================================================================
// Storage (src/browser/storage.rs)
// ====================================================================================

// Stored values are JSON, read and written here so that their text never crosses into the
// wasm; every store (sessionStorage, localStorage, memory) through the Web Storage methods.

// The keys of `storage` that start with `prefix`.
export function keysWithPrefix(storage, prefix) {
  const keys = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

// Stores `value` as JSON under `key`: 0 stored, 1 `value` has no JSON form, 2 the
// storage refused it (quota, denied).
export function writeJson(storage, key, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    return 1;
  }
  if (text === undefined) return 1;
  try {
    storage.setItem(key, text);
    return 0;
  } catch {
    return 2;
  }
}

// The JSON value `storage` holds under `key`; undefined when there is none, it is not
// JSON or the storage throws.
export function readJson(storage, key) {
  try {
    const text = storage.getItem(key);
    return text == null ? undefined : JSON.parse(text);
  } catch {}
}

// The `storage: "memory"` store: shared by every client of the page and lost on reload,
// with the part of the Web Storage interface the functions above use, so that one code
// path serves it and sessionStorage and localStorage alike.

const memoryEntries = new Map();

export const memoryStorage = {
  getItem: (key) => memoryEntries.get(key) ?? null,
  setItem: (key, value) => void memoryEntries.set(key, String(value)),
  removeItem: (key) => void memoryEntries.delete(key),
  key: (index) => [...memoryEntries.keys()][index] ?? null,
  get length() {
    return memoryEntries.size;
  },
};

// ====================================================================================
// Strings read from JS (src/browser/js.rs)
// ====================================================================================

// `value` when it is a well-formed UTF-16 string, else undefined: a lone surrogate would
// become U+FFFD in the wasm's copy. With the `u` flag a paired surrogate is one code point,
// so `\p{Cs}` matches only a lone one (`isWellFormed` is newer than Node 18). One call
// reads and checks the string.
export const wellFormedString = (value) =>
  typeof value == "string" && !/\p{Cs}/u.test(value) ? value : undefined;
