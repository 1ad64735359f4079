//! PKCE: code verifier and S256 challenge (RFC 7636 §4.1–4.2).

use sha2::{Digest, Sha256};

use super::encode::{b64url_encode, is_unreserved};
use super::secret::CodeVerifier;

/// A verifier from 32 random bytes: base64url, 43 characters (RFC 7636 §4.1 recommends this).
pub fn code_verifier_from_random(random: &[u8; 32]) -> CodeVerifier {
    CodeVerifier::new(b64url_encode(random))
}

/// `BASE64URL(SHA256(ASCII(verifier)))` (RFC 7636 §4.2, method S256).
pub fn code_challenge_s256(verifier: &str) -> String {
    let digest = Sha256::digest(verifier.as_bytes());
    b64url_encode(digest.as_slice())
}

/// True for 43 to 128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
pub fn is_valid_code_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(is_unreserved)
}
