//! Properties of provider metadata validation (OIDC Discovery §3, §4.3; RFC 8414 §2) on
//! arbitrary documents, built directly and read from arbitrary JSON text.

use proptest::prelude::*;
use serde_json::Value;

use super::fuzz::{check_code, config, mostly, url, METADATA_CODES};
use super::fuzz_json::{json_string, json_text, member};
use crate::core::url::parse_absolute;
use crate::core::{validate_metadata, Metadata};

const AUTHORITY: &str = "https://op.example.com";

/// Endpoint URLs: mostly ones that could pass, so later checks are reached too.
fn endpoint() -> BoxedStrategy<String> {
    prop_oneof![
        12 => prop::sample::select(vec![
            "https://op.example.com/token",
            "HTTPS://op.example.com/a?b=c",
            "http://localhost:8080/cb",
            "http://LocalHost/cb",
            "http://127.0.0.1/x",
            "http://[::1]:9/",
        ])
        .prop_map(String::from),
        2 => prop::sample::select(vec![
            "http://op.example.com/token",
            "http://127.0.0.2/",
            "http://localhost.evil.example/",
            "https://op.example.com/token#frag",
            "https://user@op.example.com/",
            "https://op.example.com:99999999999/",
            "",
        ])
        .prop_map(String::from),
        1 => url(),
    ]
    .boxed()
}

fn issuer() -> BoxedStrategy<String> {
    prop_oneof![
        5 => Just(AUTHORITY.to_string()),
        1 => Just(format!("{AUTHORITY}/")),
        1 => endpoint(),
    ]
    .boxed()
}

fn methods() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(mostly("S256", &["plain", "s256", ""]), 0..3)
}

fn metadata() -> impl Strategy<Value = Metadata> {
    let opt = || prop::option::of(endpoint());
    (
        (issuer(), endpoint(), endpoint(), endpoint()),
        (opt(), opt(), opt(), opt()),
        (any::<bool>(), prop::option::of(methods())),
    )
        .prop_map(
            |((issuer, authz, token, jwks), (userinfo, end, revoke, intro), (iss, pkce))| {
                Metadata {
                    issuer,
                    authorization_endpoint: authz,
                    token_endpoint: token,
                    userinfo_endpoint: userinfo,
                    jwks_uri: jwks,
                    end_session_endpoint: end,
                    revocation_endpoint: revoke,
                    introspection_endpoint: intro,
                    authorization_response_iss_parameter_supported: iss,
                    code_challenge_methods_supported: pkce,
                }
            },
        )
}

fn json_metadata() -> BoxedStrategy<String> {
    let url = || json_string(endpoint());
    json_text(vec![
        member("issuer", json_string(issuer())),
        member("authorization_endpoint", url()),
        member("token_endpoint", url()),
        member("jwks_uri", url()),
        member("userinfo_endpoint", url()),
        member("end_session_endpoint", url()),
        member("revocation_endpoint", url()),
        member("introspection_endpoint", url()),
        member(
            "authorization_response_iss_parameter_supported",
            any::<bool>().prop_map(Value::Bool),
        ),
        member(
            "code_challenge_methods_supported",
            methods().prop_map(Value::from),
        ),
    ])
}

/// https, or http on a loopback host, and no fragment: checked here without `is_secure_endpoint`.
fn secure(u: &str) -> bool {
    let Some(p) = parse_absolute(u) else {
        return false;
    };
    let loopback = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .any(|h| p.host.eq_ignore_ascii_case(h));
    p.fragment.is_none()
        && (p.scheme.eq_ignore_ascii_case("https")
            || (p.scheme.eq_ignore_ascii_case("http") && loopback))
}

fn check(meta: &Metadata, expected: Option<&str>) -> Result<(), TestCaseError> {
    match validate_metadata(meta, expected) {
        Ok(()) => {
            let issuer = parse_absolute(&meta.issuer);
            prop_assert!(issuer.is_some_and(|p| p.query.is_none() && p.fragment.is_none()));
            // OIDC Discovery §3: the issuer too is https, loopback excepted.
            prop_assert!(secure(&meta.issuer));
            if let Some(expected) = expected {
                let trim = |s: &str| s.strip_suffix('/').unwrap_or(s).to_string();
                prop_assert_eq!(trim(&meta.issuer), trim(expected));
            }
            for u in [
                &meta.authorization_endpoint,
                &meta.token_endpoint,
                &meta.jwks_uri,
            ] {
                prop_assert!(secure(u), "{} accepted", u);
            }
            for u in [
                &meta.userinfo_endpoint,
                &meta.end_session_endpoint,
                &meta.revocation_endpoint,
                &meta.introspection_endpoint,
            ] {
                prop_assert!(u.as_deref().is_none_or(secure), "{:?} accepted", u);
            }
            let pkce = meta.code_challenge_methods_supported.as_ref();
            prop_assert!(pkce.is_none_or(|m| m.iter().any(|m| m == "S256")));
        }
        Err(e) => check_code(&e, METADATA_CODES)?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn metadata_values(meta in metadata(), discovered in any::<bool>()) {
        check(&meta, discovered.then_some(AUTHORITY))?;
    }

    #[test]
    fn metadata_json_text(text in json_metadata(), discovered in any::<bool>()) {
        // The wasm build reads the document with JSON.parse; serde_json stands in here.
        if let Ok(meta) = serde_json::from_str::<Metadata>(&text) {
            check(&meta, discovered.then_some(AUTHORITY))?;
        }
    }
}
