//! Properties of ID token claims validation (OIDC Core §3.1.3.7) on arbitrary claims, built
//! directly and read from arbitrary JSON text: whatever passes satisfies every clause.

use proptest::prelude::*;
use serde_json::Value;

use super::fuzz::{check_code, config, maybe, mostly, ID_TOKEN_CODES};
use super::fuzz_json::{json_string, json_text, member};
use crate::core::{validate_id_token, Audience, Expected, IdTokenClaims};

const NOW: u64 = 1_700_000_000;
const ISSUER: &str = "https://op.example.com";
const CLIENT: &str = "spa";

/// Times `NOW + offset`, plus the edges a NumericDate must survive.
fn time(offsets: ::core::ops::Range<i64>) -> BoxedStrategy<f64> {
    prop_oneof![
        6 => offsets.prop_map(|d| (NOW as i64 + d) as f64),
        1 => prop::sample::select(vec![
            -1.0, -0.0, 0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, 1.9e19,
            NOW as f64 + 0.5, NOW as f64 - 299.5,
        ]),
        1 => any::<f64>(),
    ]
    .boxed()
}

fn audience() -> BoxedStrategy<Audience> {
    let aud = || mostly(CLIENT, &["other", ""]);
    prop_oneof![
        2 => aud().prop_map(Audience::One),
        1 => prop::collection::vec(aud(), 0..4).prop_map(Audience::Many),
    ]
    .boxed()
}

fn claims() -> impl Strategy<Value = IdTokenClaims> {
    (
        maybe(
            ISSUER,
            &["https://op.example.com/", "https://OP.example.com"],
        ),
        maybe("alice", &["bob", ""]),
        prop::option::weighted(0.9, audience()),
        // exp mostly ahead and iat mostly behind, so the checks after them run too.
        prop::option::weighted(0.9, time(-400..3600)),
        prop::option::weighted(0.9, time(-3600..400)),
        maybe("n0nce", &["", "N0NCE"]),
        prop::option::of(mostly(CLIENT, &["other"])),
    )
        .prop_map(|(iss, sub, aud, exp, iat, nonce, azp)| IdTokenClaims {
            iss,
            sub,
            aud,
            exp,
            iat,
            nonce,
            azp,
            auth_time: None,
        })
}

fn json_claims() -> BoxedStrategy<String> {
    let aud = prop_oneof![
        2 => json_string(mostly(CLIENT, &["other"])),
        1 => prop::collection::vec(mostly(CLIENT, &["other"]), 0..3).prop_map(Value::from),
    ];
    json_text(vec![
        member(
            "iss",
            json_string(mostly(ISSUER, &["https://op.example.com/"])),
        ),
        member("sub", json_string(mostly("alice", &["bob", ""]))),
        member("aud", aud),
        member("exp", time(-400..3600).prop_map(Value::from)),
        member("iat", time(-3600..400).prop_map(Value::from)),
        member("nonce", json_string(mostly("n0nce", &[""]))),
        member("azp", json_string(mostly(CLIENT, &["other"]))),
        member("auth_time", time(-3600..0).prop_map(Value::from)),
    ])
}

/// The expected nonce and session `sub`, and the clock skew.
fn expected() -> impl Strategy<Value = (Option<&'static str>, Option<&'static str>, u64)> {
    (
        prop::option::of(Just("n0nce")),
        prop::option::of(prop::sample::select(vec!["alice", "alice", "bob"])),
        prop_oneof![4 => Just(300u64), 1 => Just(0u64), 1 => any::<u64>()],
    )
}

/// A NumericDate as whole seconds, read independently of the validator's own helper.
fn whole(t: Option<f64>) -> Option<u64> {
    t.filter(|t| t.is_finite() && *t >= 0.0)
        .map(|t| t.floor() as u64)
}

fn check(
    claims: &IdTokenClaims,
    nonce: Option<&str>,
    sub: Option<&str>,
    skew: u64,
) -> Result<(), TestCaseError> {
    let expect = Expected {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce,
        sub,
        max_age: None,
        clock_skew_s: skew,
    };
    match validate_id_token(claims, &expect, NOW) {
        Ok(()) => {
            // (2) iss exactly, (3) aud lists us, (4)-(5) azp is us, needed with several audiences.
            prop_assert_eq!(claims.iss.as_deref(), Some(ISSUER));
            let auds: Vec<&str> = match &claims.aud {
                Some(Audience::One(a)) => vec![a],
                Some(Audience::Many(v)) => v.iter().map(String::as_str).collect(),
                None => vec![],
            };
            prop_assert!(auds.contains(&CLIENT));
            prop_assert!(claims.azp.as_deref().is_none_or(|a| a == CLIENT));
            prop_assert!(auds.len() < 2 || claims.azp.is_some());
            // (9) not expired, (10) not issued in the future, both with skew.
            let exp = whole(claims.exp);
            prop_assert!(exp.is_some_and(|e| u128::from(NOW) < u128::from(e) + u128::from(skew)));
            let iat = whole(claims.iat);
            prop_assert!(iat.is_some_and(|i| u128::from(i) <= u128::from(NOW) + u128::from(skew)));
            // (11) nonce when we sent one; §2 sub, the session's on renewal.
            prop_assert!(nonce.is_none_or(|n| claims.nonce.as_deref() == Some(n)));
            let got_sub = claims.sub.as_deref().unwrap_or("");
            prop_assert!(!got_sub.is_empty() && sub.is_none_or(|s| s == got_sub));
        }
        Err(e) => check_code(&e, ID_TOKEN_CODES)?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn id_token_claim_values(claims in claims(), (nonce, sub, skew) in expected()) {
        check(&claims, nonce, sub, skew)?;
    }

    #[test]
    fn id_token_claims_json_text(text in json_claims(), (nonce, sub, skew) in expected()) {
        // The shell reads the payload with JSON.parse; serde_json stands in here.
        if let Ok(claims) = serde_json::from_str::<IdTokenClaims>(&text) {
            check(&claims, nonce, sub, skew)?;
        }
    }
}
