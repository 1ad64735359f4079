use crate::core::encode::push_u64;
use crate::core::Error;

fn all() -> Vec<(Error, &'static str)> {
    let s = String::new;
    vec![
        (Error::InvalidConfig("x"), "invalid_config"),
        (Error::InvalidMetadata("x"), "invalid_metadata"),
        (
            Error::IssuerMismatch {
                expected: s(),
                got: s(),
            },
            "issuer_mismatch",
        ),
        (Error::InvalidCallback("x"), "invalid_callback"),
        (Error::StateMismatch, "state_mismatch"),
        (Error::SigninExpired, "signin_expired"),
        (
            Error::IssMismatch {
                expected: s(),
                got: s(),
            },
            "iss_mismatch",
        ),
        (Error::IssMissing, "iss_missing"),
        (Error::MissingCode, "missing_code"),
        (
            Error::OAuth {
                error: s(),
                error_description: None,
            },
            "oauth_error",
        ),
        (Error::Http { status: 500 }, "http_error"),
        (Error::Network, "network_error"),
        (Error::Timeout, "timeout"),
        (Error::IframeError, "iframe_error"),
        (Error::PopupBlocked, "popup_blocked"),
        (Error::PopupClosed, "popup_closed"),
        (Error::InvalidResponse("x"), "invalid_response"),
        (
            Error::InvalidTokenType {
                got: s(),
                expected: "Bearer",
            },
            "invalid_token_type",
        ),
        (Error::MissingIdToken, "missing_id_token"),
        (Error::InvalidJwt("x"), "invalid_jwt"),
        (Error::UnsupportedAlg { alg: s() }, "unsupported_alg"),
        (Error::KeyNotFound, "key_not_found"),
        (Error::InvalidSignature, "invalid_signature"),
        (Error::AudMismatch { expected: s() }, "aud_mismatch"),
        (
            Error::AzpMismatch {
                expected: s(),
                got: s(),
            },
            "azp_mismatch",
        ),
        (Error::MissingExp, "missing_exp"),
        (Error::MissingIat, "missing_iat"),
        (Error::MissingSub, "missing_sub"),
        (Error::TokenExpired, "token_expired"),
        (Error::IatInFuture, "iat_in_future"),
        (Error::NonceMismatch, "nonce_mismatch"),
        (Error::MissingAuthTime, "missing_auth_time"),
        (Error::AuthTimeTooOld, "auth_time_too_old"),
        (Error::SubMismatch, "sub_mismatch"),
        (Error::Storage("x"), "storage_error"),
        (Error::Unsupported("x"), "unsupported"),
        (Error::NoSession, "no_session"),
        (Error::Crypto("x"), "crypto_error"),
    ]
}

#[test]
fn code_table() {
    let all = all();
    for (e, code) in &all {
        assert_eq!(e.code(), *code);
        assert!(!e.message().is_empty(), "{code} has no message");
    }
    let mut codes: Vec<_> = all.iter().map(|(_, c)| *c).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "codes are unique");
}

#[test]
fn messages_name_what_and_expected() {
    let e = Error::IssMismatch {
        expected: "y".into(),
        got: "x".into(),
    };
    assert_eq!(e.message(), "iss is \"x\", expected \"y\"");
    let e = Error::IssMismatch {
        expected: "y".into(),
        got: String::new(),
    };
    assert_eq!(e.message(), "iss is missing, expected \"y\"");
    let e = Error::AzpMismatch {
        expected: "spa".into(),
        got: String::new(),
    };
    assert_eq!(e.message(), "ID token azp is missing, expected \"spa\"");
    let e = Error::InvalidTokenType {
        got: "mac".into(),
        expected: "Bearer",
    };
    assert_eq!(e.message(), "token_type is \"mac\", expected \"Bearer\"");
    let e = Error::IssuerMismatch {
        expected: "https://a".into(),
        got: "https://b".into(),
    };
    assert_eq!(
        e.message(),
        "discovery document issuer is \"https://b\", expected \"https://a\""
    );
    assert_eq!(Error::Http { status: 401 }.message(), "HTTP status 401");
    assert_eq!(Error::Http { status: 0 }.message(), "HTTP status 0");
    assert_eq!(
        Error::InvalidJwt("bad base64url").message(),
        "invalid JWT: bad base64url"
    );
}

#[test]
fn oauth_message() {
    let e = Error::OAuth {
        error: "login_required".into(),
        error_description: None,
    };
    assert_eq!(e.message(), "the provider answered login_required");
    let e = Error::OAuth {
        error: "invalid_grant".into(),
        error_description: Some("code expired".into()),
    };
    assert_eq!(
        e.message(),
        "the provider answered invalid_grant: code expired"
    );
    assert_eq!(e.to_string(), e.message());
    let e = Error::OAuthCrossSite {
        error: "login_required".into(),
        error_description: None,
    };
    assert_eq!(
        e.message(),
        "the provider answered login_required (the provider is on another site, so the \
         browser likely withheld its cookie from the hidden iframe: renew with a refresh \
         token (offline_access) or serve the provider from the app's own site)"
    );
}

#[test]
fn hostile_provider_text_is_clipped() {
    let long = "é".repeat(1000);
    let m = Error::OAuth {
        error: long,
        error_description: None,
    }
    .message();
    assert!(m.len() < 260, "{}", m.len());
    assert!(m.ends_with("..."));
}

#[test]
fn decimal() {
    for n in [0u64, 7, 10, 99, 100, 1_234_567_890, u64::MAX] {
        let mut s = String::from("x");
        push_u64(&mut s, n);
        assert_eq!(s, format!("x{n}"));
    }
}
