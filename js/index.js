// oidc-wasm's browser entry. The wasm loads inside the first call that needs it,
// from next to this file (new URL(…, import.meta.url), which bundlers turn into an
// asset), or from the `wasm` option: no init() to remember, no top-level await.
import init, {
  OidcClient as Glue,
  generateCodeVerifier as verifierNow,
  codeChallengeS256 as challengeNow,
} from "./oidc_wasm.js";
import { lazy, loadingFirst } from "./lazy.js";

const load = lazy((source) => init({ module_or_path: source ?? new URL("oidc_wasm_bg.wasm", import.meta.url) }));

export { isOidcError } from "./lazy.js";
export const OidcClient = /* @__PURE__ */ loadingFirst(Glue, load);
/** A fresh PKCE code verifier (RFC 7636 §4.1). */
export const generateCodeVerifier = async () => (await load(), verifierNow());
/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export const codeChallengeS256 = async (verifier) => (await load(), challengeNow(verifier));
