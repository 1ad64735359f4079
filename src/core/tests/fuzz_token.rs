//! Properties of token response validation (RFC 6749 §5.1, §5.2; OIDC Core §3.1.3.3) on
//! arbitrary statuses and bodies, built directly and read from arbitrary JSON text.

use proptest::prelude::*;
use serde_json::Value;

use super::fuzz::{check_code, config, maybe, mostly, text, MARKER, TOKEN_CODES};
use super::fuzz_json::{json_string, json_text, member};
use crate::core::{
    validate_token_response, AccessToken, IdToken, RefreshToken, TokenResponse, TokenType,
};

const NOW: u64 = 1_700_000_000;

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![6 => Just(200u16), 1 => 200u16..300, 2 => Just(400u16), 1 => any::<u16>()]
}

/// Any f64, weighted toward the edges `expires_in` must survive.
fn seconds() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => 0.0..1e6,
        1 => prop::sample::select(vec![
            -0.0, -1.0, 0.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY,
            f64::MAX, 1.8e19, 1.9e19, u64::MAX as f64,
        ]),
        1 => any::<f64>(),
    ]
}

/// RFC 6749 §5.1: any case of Bearer passes; near misses must not.
const NEAR_BEARER: &[&str] = &["bearer", "BEARER", "bEaReR", "", "mac", "DPoP", "Bearer "];

fn token_type() -> BoxedStrategy<String> {
    mostly("Bearer", NEAR_BEARER)
}

/// A secret: the marker mostly, sometimes empty (which counts as absent).
fn secret() -> BoxedStrategy<String> {
    mostly(MARKER, &[""])
}

fn body() -> impl Strategy<Value = TokenResponse> {
    (
        maybe(MARKER, &[""]),
        maybe("Bearer", NEAR_BEARER),
        prop::option::of(seconds()),
        prop::option::of(secret()),
        maybe(MARKER, &[""]),
        prop::option::of(text()),
        prop::option::weighted(0.1, text()),
        prop::option::of(text()),
    )
        .prop_map(
            |(at, tt, exp, rt, id, scope, error, error_description)| TokenResponse {
                access_token: at.map(AccessToken::new),
                token_type: tt,
                expires_in: exp,
                refresh_token: rt.map(RefreshToken::new),
                id_token: id.map(IdToken::new),
                scope,
                error,
                error_description,
            },
        )
}

fn json_body() -> BoxedStrategy<String> {
    let s = |v: BoxedStrategy<String>| json_string(v);
    json_text(vec![
        member("access_token", s(secret())),
        member("token_type", s(token_type())),
        member("expires_in", seconds().prop_map(Value::from)),
        member("refresh_token", s(secret())),
        member("id_token", s(secret())),
        member("scope", s(text())),
        member(
            "error",
            prop::option::weighted(0.1, text()).prop_map(Value::from),
        ),
        member("error_description", s(text())),
    ])
}

/// What every token response outcome must satisfy, whatever the input.
fn check(status: u16, body: Option<&TokenResponse>, require_id: bool) -> Result<(), TestCaseError> {
    let result = validate_token_response(status, body, require_id, TokenType::Bearer, NOW);
    prop_assert!(
        !format!("{:?}", result).contains(MARKER),
        "a token in Debug output"
    );
    match result {
        Ok(set) => {
            prop_assert!((200..300).contains(&status));
            let body = body.unwrap();
            prop_assert!(body.error.is_none());
            prop_assert!(!set.access_token.secret().is_empty());
            prop_assert_eq!(Some(&set.access_token), body.access_token.as_ref());
            prop_assert!(body
                .token_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("bearer")));
            prop_assert_eq!(set.token_type.as_str(), "Bearer");
            match (body.expires_in, set.expires_at) {
                (None, None) => {}
                (Some(e), Some(at)) => {
                    // now + floor(expires_in), saturating rather than wrapping.
                    prop_assert!(e >= 0.0 && at >= NOW);
                    let d = (at - NOW) as f64;
                    prop_assert!(d <= e && (e - d < 1.0 || at == u64::MAX), "{} -> {}", e, at);
                }
                other => prop_assert!(false, "expires_in/expires_at {:?}", other),
            }
            prop_assert!(!require_id || set.id_token.is_some_and(|t| !t.secret().is_empty()));
            prop_assert!(set.refresh_token.is_none_or(|t| !t.secret().is_empty()));
        }
        Err(e) => {
            check_code(&e, TOKEN_CODES)?;
            prop_assert!(!e.message().contains(MARKER), "a token in {}", e.message());
            // RFC 6749 §5.2: a provider's error member wins, whatever the status.
            if let Some(error) = body.and_then(|b| b.error.as_ref()) {
                prop_assert_eq!(e.code(), "oauth_error");
                let crate::core::Error::OAuth { error: got, .. } = e else {
                    unreachable!()
                };
                prop_assert_eq!(&got, error);
            } else if !(200..300).contains(&status) {
                prop_assert_eq!(e, crate::core::Error::Http { status });
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn token_response_values(
        status in status(),
        body in prop::option::of(body()),
        require_id in any::<bool>(),
    ) {
        check(status, body.as_ref(), require_id)?;
    }

    #[test]
    fn token_response_json_text(
        status in status(),
        text in json_body(),
        require_id in any::<bool>(),
    ) {
        // The wasm build reads the body with JSON.parse; serde_json stands in here.
        let body = serde_json::from_str::<TokenResponse>(&text).ok();
        check(status, body.as_ref(), require_id)?;
    }
}
