//! Native tests of the core: fixed inputs, exact outputs, one failing case per validation clause.

mod adopt;
mod authorize;
mod base64;
mod callback;
mod client_credentials;
mod config;
mod descope;
mod dpop;
mod encode;
mod error;
// Property tests: proptest is a native-only dev-dependency (its RNG wants OS randomness).
#[cfg(not(target_arch = "wasm32"))]
mod fuzz;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_address_bar;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_callback;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_encode;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_id_token;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_json;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_jwks;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_metadata;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_token;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_url;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz_userinfo;
mod id_token;
mod id_token_order;
mod jwks;
mod jws;
mod logout;
mod metadata;
mod pkce;
mod renew;
mod revocation;
mod session;
mod silent;
mod text;
mod token;
mod url;
mod userinfo;
// Native only: it runs std's validator over a few million sequences.
#[cfg(not(target_arch = "wasm32"))]
mod utf8;

use super::{Config, Metadata};

/// `BASE64URL(SHA-256(text))`, the hash the shell takes with WebCrypto (browser/crypto.rs
/// `s256`), here from the sha2 crate.
pub(super) fn s256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    super::encode::b64url_encode(&Sha256::digest(text.as_bytes()))
}

pub(super) const ISSUER: &str = "https://op.example.com";

/// A valid metadata document for `ISSUER`.
pub(super) fn meta() -> Metadata {
    serde_json::from_str(
        r#"{
            "issuer": "https://op.example.com",
            "authorization_endpoint": "https://op.example.com/authorize",
            "token_endpoint": "https://op.example.com/token",
            "userinfo_endpoint": "https://op.example.com/userinfo",
            "jwks_uri": "https://op.example.com/jwks",
            "end_session_endpoint": "https://op.example.com/logout",
            "revocation_endpoint": "https://op.example.com/revoke",
            "code_challenge_methods_supported": ["plain", "S256"],
            "response_types_supported": ["code"],
            "unknown_member": {"nested": [1, 2, 3]}
        }"#,
    )
    .unwrap()
}

pub(super) fn cfg() -> Config {
    Config::new("spa".into(), "https://app.example.com/callback".into())
}

/// The headers of every form POST the core builds (token, refresh, revocation).
pub(super) fn form_post_headers() -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Type",
            "application/x-www-form-urlencoded".to_string(),
        ),
        ("Accept", "application/json".to_string()),
    ]
}
