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
