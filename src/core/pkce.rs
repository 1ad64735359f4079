//! PKCE: code verifier and S256 challenge (RFC 7636 §4.1–4.2). The shell hashes the
//! verifier (WebCrypto's SHA-256): a SHA-256 of our own in the wasm cost about 1.1 KB
//! gzipped, and the shell's sign-in is asynchronous before its URL anyway.

use super::encode::{b64url_encode, is_unreserved};
use super::secret::CodeVerifier;

/// A PKCE pair: the verifier the pending sign-in keeps, and the challenge the
/// authorization request carries, `BASE64URL(SHA256(ASCII(verifier)))` (§4.2, S256).
pub struct Pkce {
    pub verifier: CodeVerifier,
    pub challenge: String,
}

/// A verifier from 32 random bytes: base64url, 43 characters (RFC 7636 §4.1 recommends this).
pub fn code_verifier_from_random(random: &[u8; 32]) -> CodeVerifier {
    CodeVerifier::new(b64url_encode(random))
}

/// True for 43 to 128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
pub fn is_valid_code_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(is_unreserved)
}
