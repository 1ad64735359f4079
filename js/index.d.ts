// The package's types: the generated declarations of the API, with the entry's
// lazily loading helpers (they return Promises) and the error guard.
export type * from "./oidc_wasm.js";
export { OidcClient } from "./oidc_wasm.js";
import type { OidcError } from "./oidc_wasm.js";

/** A fresh PKCE code verifier (43 characters from 32 random bytes, RFC 7636 §4.1). */
export declare function generateCodeVerifier(): Promise<string>;
/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export declare function codeChallengeS256(verifier: string): Promise<string>;
/** Whether `value` is an error this library threw (an `Error` with a stable `code`). */
export declare function isOidcError(value: unknown): value is OidcError;
