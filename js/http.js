// HTTP steps the shell (src/browser/http.rs, app_fetch.rs) runs as one call each, on
// the global fetch (windows, workers and Node 18+ alike): an await in the wasm is an
// async state machine of its own, here a few bytes of JS. What to send and what an
// answer means are the wasm's decisions; nothing here decides.

// The largest response body read from a provider: 1 MiB (declared bytes, then UTF-16
// units of the text). Discovery documents, key sets and token responses are a few KB;
// anything far larger is refused before it is copied into wasm memory.
const MAX_BODY = 1 << 20;

// Why a request gave no answer, as the wasm reads it.
const NETWORK = 0;
const TIMEOUT = 1;
const TOO_LARGE = 2;

// `fetch(url, init)` aborted when no response has started within `ms` (0: no deadline,
// the caller's own signal bounds it). Rejects with TIMEOUT then, NETWORK when there is no
// response otherwise, or, `passOn`, with fetch's own rejection.
async function fetchWithin(url, init, ms, passOn) {
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
    return await fetch(url, init);
  } catch (error) {
    throw fired ? TIMEOUT : passOn ? error : NETWORK;
  } finally {
    clearTimeout(timer);
  }
}

// `client.fetch`: the app's `init` (copied, never changed) with its headers plus
// `authorization` and, when given, a DPoP `proof`, through fetchWithin (`ms` 0: the app's
// own signal bounds it, and a failure is fetch's own). Resolves with [response,
// DPoP-Nonce, WWW-Authenticate]; rejects as fetchWithin does, or with what `Headers`
// throws at a header it refuses.
export async function fetchWithCredentials(url, init, authorization, proof, ms) {
  const headers = new Headers(init?.headers);
  headers.set("Authorization", authorization);
  if (proof) headers.set("DPoP", proof);
  const response = await fetchWithin(url, { ...init, headers }, ms, !ms);
  return [response, response.headers.get("dpop-nonce"), response.headers.get("www-authenticate")];
}

// A provider request: its answer (headers and body) within `ms`, as `receive` gives it.
export async function send(url, init, ms) {
  let timer;
  let fired = false;
  const controller = new AbortController();
  init.signal = controller.signal;
  timer = setTimeout(() => {
    fired = true;
    controller.abort();
  }, ms);
  try {
    return await receive(fetch(url, init));
  } catch (error) {
    throw fired ? TIMEOUT : error;
  } finally {
    clearTimeout(timer);
  }
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
