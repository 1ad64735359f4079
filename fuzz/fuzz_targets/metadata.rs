//! Fuzzes a discovery document (OIDC Discovery §3, §4.3) as JSON text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_wasm::core::url::is_secure_endpoint;
use oidc_wasm::core::{validate_metadata, Metadata};

fuzz_target!(|data: &[u8]| {
    let Ok(meta) = serde_json::from_slice::<Metadata>(data) else {
        return;
    };
    for expected in [None, Some("https://op.example.com")] {
        match validate_metadata(&meta, expected) {
            Ok(()) => {
                for u in [
                    &meta.authorization_endpoint,
                    &meta.token_endpoint,
                    &meta.jwks_uri,
                ] {
                    assert!(is_secure_endpoint(u), "{u}");
                }
            }
            Err(e) => assert!(["invalid_metadata", "issuer_mismatch"].contains(&e.code())),
        }
    }
});
