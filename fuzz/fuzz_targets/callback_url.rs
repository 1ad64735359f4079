//! Fuzzes what the address bar hands the core: a callback URL read, recognised as the
//! silent-renew answer, and cleaned out of the address bar.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_wasm::core::{is_silent_response, parse_callback_url, strip_callback_params};

const REDIRECT: &str = "https://app.example.com/callback";

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_callback_url(url);
    if let Err(e) = &parsed {
        assert_eq!(e.code(), "invalid_callback");
    }
    // The shell parses the URL once it is recognised: that must then succeed with our state.
    if let Ok(p) = &parsed {
        if let Some(state) = p.state.as_deref().filter(|s| !s.is_empty()) {
            if is_silent_response(url, REDIRECT, state) {
                assert_eq!(
                    parse_callback_url(url)
                        .ok()
                        .and_then(|p| p.state)
                        .as_deref(),
                    Some(state)
                );
            }
        }
    }
    // RFC 9700 §4.2.4: what stays in the address bar is no longer an authorization response.
    let stripped = strip_callback_params(url);
    assert!(parse_callback_url(&stripped).is_err(), "{stripped}");
    assert_eq!(strip_callback_params(&stripped), stripped);
});
