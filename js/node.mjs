// oidc-wasm's Node entry (ES modules): the same API, the wasm read from disk on the
// first call. For servers and workers: client credentials, PKCE helpers.
import { readFile } from "node:fs/promises";
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

const load = lazy(async (source) =>
  instantiate(source ?? (await readFile(new URL("oidc_wasm_bg.wasm", import.meta.url)))),
);

export { isOidcError } from "./lazy.js";
export const OidcClient = /* @__PURE__ */ loadingFirst(Glue, load);
/** A fresh PKCE code verifier (RFC 7636 §4.1). */
export const generateCodeVerifier = async () => (await load(), verifierNow());
/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export const codeChallengeS256 = async (verifier) => (await load(), challengeNow(verifier));
