// oidc-wasm's browser entry. The wasm loads inside the first call that needs it,
// from next to this file (new URL(…, import.meta.url), which bundlers turn into an
// asset), or from the `wasm` option: no init() to remember, no top-level await.
import init, {
  OidcClient as Glue,
  generateCodeVerifier as verifierNow,
  codeChallengeS256 as challengeNow,
} from "./oidc_wasm.js";
import { lazy, loadingFirst } from "./lazy.js";

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

const load = lazy((source) => init({ module_or_path: source ?? defaultWasm() }));

export { isOidcError } from "./lazy.js";
export const OidcClient = /* @__PURE__ */ loadingFirst(Glue, load);
/** A fresh PKCE code verifier (RFC 7636 §4.1). */
export const generateCodeVerifier = async () => (await load(), verifierNow());
/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export const codeChallengeS256 = async (verifier) => (await load(), challengeNow(verifier));
