//! Fuzzes the token endpoint's answer: a status and a JSON body, as a provider may send them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_wasm::core::{validate_token_response, AccessToken, IdToken, RefreshToken, TokenResponse};

const NOW: u64 = 1_700_000_000;

const CODES: [&str; 5] = [
    "oauth_error",
    "http_error",
    "invalid_response",
    "invalid_token_type",
    "missing_id_token",
];

fuzz_target!(|data: &[u8]| {
    // Two bytes of status, one of flags, then the body.
    let [hi, lo, flags, body @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*hi, *lo]);
    let require_id_token = flags & 1 == 1;
    let body: Option<TokenResponse> = serde_json::from_slice(body).ok();
    let result = validate_token_response(status, body.as_ref(), require_id_token, NOW);
    match &result {
        Ok(set) => {
            assert!((200..300).contains(&status));
            assert!(!set.access_token.secret().is_empty());
        }
        Err(e) => assert!(CODES.contains(&e.code()), "{e:?}"),
    }
    // Tokens never reach messages: another value for each token gives the same outcome.
    let Some(mut other) = body else { return };
    let swap = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!("{s}~other")
        }
    };
    other.access_token = other
        .access_token
        .map(|t| AccessToken::new(swap(t.secret())));
    other.refresh_token = other
        .refresh_token
        .map(|t| RefreshToken::new(swap(t.secret())));
    other.id_token = other.id_token.map(|t| IdToken::new(swap(t.secret())));
    match (
        result,
        validate_token_response(status, Some(&other), require_id_token, NOW),
    ) {
        (Ok(_), Ok(_)) => {}
        (Err(a), Err(b)) => assert_eq!(a.message(), b.message()),
        (a, b) => panic!("outcome depends on a token's value: {a:?} / {b:?}"),
    }
});
