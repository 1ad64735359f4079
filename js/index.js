// oidc-wasm's browser entry. The wasm loads inside the first call that needs it,
// from next to this file (new URL(…, import.meta.url), which bundlers turn into an
// asset), or from the `wasm` option: no init() to remember, no top-level await.
import {
  OidcClient as Glue,
  generateCodeVerifier as verifierGlue,
  codeChallengeS256 as challengeGlue,
} from "./oidc_wasm.js";
import { entered } from "./guard.js";
import { instantiate } from "./instantiate.js";
import { lazy, loadingFirst } from "./lazy.js";

const verifierNow = entered(verifierGlue);
const challengeNow = entered(challengeGlue);

// A classic-script bundle (esbuild's default IIFE) has no import.meta.url: the wasm is
// then next to the bundle's <script>, read while this module first runs.
const script = typeof document === "undefined" ? undefined : document.currentScript?.src;

function defaultWasm() {
  let url;
  try {
    url = new URL("oidc_wasm_bg.wasm", import.meta.url); // bundlers turn this into an asset
  } catch {
    url = new URL("oidc_wasm_bg.wasm", script ?? location.href);
  }
  // Vite <= 7's dev server pre-bundles this module into <root>/node_modules/.vite/deps/,
  // away from its wasm; the installed package is <root>/node_modules/oidc-wasm/. Read off
  // the resolved URL (never import.meta.url itself, which webpack would inline as a path).
  return url.href.replace(/\/\.vite\/deps(?:_temp_[^/]*)?\/[^/?#]*(?:[?#].*)?$/, "/oidc-wasm/oidc_wasm_bg.wasm");
}

// A page's first Web Lock request waits while the browser sets up the page's lock
// manager (2-22 ms on the bench machine, bench/size-levers.md section 7): a query while
// the wasm loads does that then, instead of in the first renewal's lock.
function warmLocks() {
  globalThis.navigator?.locks?.query().catch(() => {});
}

let loaded = false;
const load = lazy((source) => (warmLocks(), instantiate(source ?? defaultWasm()).then(() => (loaded = true))));

// The page's first create() asks for the discovery document while the wasm downloads,
// instead of after: the wasm reads that answer as if it had sent the request itself
// (same URL, status, size and document checks; src/browser/client.rs `discover`). Only
// for authorities the wasm would ask too (https, or http on loopback), and not when this
// tab keeps a discovered document the wasm may reuse.
function early(options) {
  const authority = options?.authority;
  if (loaded || typeof authority != "string" || options.metadata != null) return;
  if (!/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$))[^?#]*$/i.test(authority)) return;
  try {
    if (sessionStorage.getItem("oidc-wasm:discovery:" + authority)) return;
    const url = authority.replace(/\/$/, "") + "/.well-known/openid-configuration";
    const ms = options.requestTimeoutMs;
    const response = fetch(url, {
      headers: { Accept: "application/json" },
      redirect: "error",
      cache: "no-store",
      signal: AbortSignal.timeout(ms > 0 && ms <= 6e5 ? ms : 1e4),
    });
    response.catch(() => {}); // read (or dropped) by the wasm
    return { url, response };
  } catch {} // no sessionStorage or AbortSignal.timeout here: the wasm asks itself
}

export { isOidcError } from "./lazy.js";
export const OidcClient = /* @__PURE__ */ loadingFirst(Glue, load, early);
/** A fresh PKCE code verifier (RFC 7636 §4.1). */
export const generateCodeVerifier = async () => (await load(), verifierNow());
/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export const codeChallengeS256 = async (verifier) => (await load(), challengeNow(verifier));
