use super::ISSUER;
use crate::core::{validate_id_token, Audience, Error, Expected, IdTokenClaims};

pub(super) const NOW: u64 = 1_700_000_000;
pub(super) const SKEW: u64 = 300;

fn claims() -> IdTokenClaims {
    serde_json::from_str(&format!(
        r#"{{"iss":"{ISSUER}","sub":"user-1","aud":"spa","exp":{},"iat":{},"nonce":"n0nce",
            "auth_time":{},"email":"a@b.c"}}"#,
        NOW + 600,
        NOW - 5,
        NOW - 60
    ))
    .unwrap()
}

pub(super) fn expected() -> Expected<'static> {
    Expected {
        issuer: ISSUER,
        client_id: "spa",
        nonce: Some("n0nce"),
        sub: None,
        max_age: None,
        clock_skew_s: SKEW,
    }
}

fn check(c: &IdTokenClaims) -> Result<(), Error> {
    validate_id_token(c, &expected(), NOW)
}

pub(super) fn many(v: &[&str]) -> Option<Audience> {
    Some(Audience::Many(v.iter().map(|s| s.to_string()).collect()))
}

#[test]
fn valid_token_passes() {
    assert_eq!(check(&claims()), Ok(()));
    assert_eq!(claims().auth_time, Some((NOW - 60) as f64));
}

#[test]
fn iss() {
    let c = IdTokenClaims {
        iss: None,
        ..claims()
    };
    assert_eq!(
        check(&c),
        Err(Error::IssMismatch {
            expected: ISSUER.into(),
            got: String::new()
        })
    );
    for bad in ["https://op.example.com/", "https://evil.example", ""] {
        let c = IdTokenClaims {
            iss: Some(bad.into()),
            ..claims()
        };
        assert_eq!(
            check(&c),
            Err(Error::IssMismatch {
                expected: ISSUER.into(),
                got: bad.into()
            })
        );
    }
}

#[test]
fn aud() {
    let want = Err(Error::AudMismatch {
        expected: "spa".into(),
    });
    for bad in [
        None,
        Some(Audience::One("other".into())),
        many(&[]),
        many(&["a", "b"]),
        Some(Audience::One("SPA".into())),
    ] {
        let c = IdTokenClaims {
            aud: bad.clone(),
            azp: Some("spa".into()),
            ..claims()
        };
        assert_eq!(check(&c), want, "{bad:?}");
    }
    let c = IdTokenClaims {
        aud: many(&["spa"]),
        ..claims()
    };
    assert_eq!(check(&c), Ok(()));
    let c: IdTokenClaims = serde_json::from_str(r#"{"aud":["x","spa"]}"#).unwrap();
    assert_eq!(c.aud, many(&["x", "spa"]));
    assert!(serde_json::from_str::<IdTokenClaims>(r#"{"aud":5}"#).is_err());
}

#[test]
fn azp() {
    // Several audiences need azp.
    let c = IdTokenClaims {
        aud: many(&["spa", "api"]),
        azp: None,
        ..claims()
    };
    assert_eq!(
        check(&c),
        Err(Error::AzpMismatch {
            expected: "spa".into(),
            got: String::new()
        })
    );
    let c = IdTokenClaims {
        aud: many(&["spa", "api"]),
        azp: Some("spa".into()),
        ..claims()
    };
    assert_eq!(check(&c), Ok(()));
    let c = IdTokenClaims {
        aud: many(&["spa", "api"]),
        azp: Some("api".into()),
        ..claims()
    };
    assert_eq!(
        check(&c),
        Err(Error::AzpMismatch {
            expected: "spa".into(),
            got: "api".into()
        })
    );
    // A present azp is checked even with a single audience.
    let c = IdTokenClaims {
        azp: Some("other".into()),
        ..claims()
    };
    assert_eq!(check(&c).unwrap_err().code(), "azp_mismatch");
    let c = IdTokenClaims {
        azp: Some("spa".into()),
        ..claims()
    };
    assert_eq!(check(&c), Ok(()));
}

#[test]
fn exp() {
    let c = IdTokenClaims {
        exp: None,
        ..claims()
    };
    assert_eq!(check(&c), Err(Error::MissingExp));
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let c = IdTokenClaims {
            exp: Some(bad),
            ..claims()
        };
        assert_eq!(check(&c), Err(Error::MissingExp), "{bad}");
    }
    // now = exp + skew - 1 passes; now = exp + skew fails.
    let exp = NOW - SKEW + 1;
    let c = IdTokenClaims {
        exp: Some(exp as f64),
        iat: Some((NOW - 3600) as f64),
        ..claims()
    };
    assert_eq!(check(&c), Ok(()));
    let c = IdTokenClaims {
        exp: Some((exp - 1) as f64),
        ..c
    };
    assert_eq!(check(&c), Err(Error::TokenExpired));
    let c = IdTokenClaims {
        exp: Some(0.0),
        ..claims()
    };
    assert_eq!(check(&c).unwrap_err().code(), "token_expired");
    // No skew: exp == now is already expired.
    let e = Expected {
        clock_skew_s: 0,
        ..expected()
    };
    let c = IdTokenClaims {
        exp: Some(NOW as f64),
        iat: Some(0.0),
        ..claims()
    };
    assert_eq!(validate_id_token(&c, &e, NOW), Err(Error::TokenExpired));
    assert_eq!(validate_id_token(&c, &e, NOW - 1), Ok(()));
}

#[test]
fn iat() {
    let c = IdTokenClaims {
        iat: None,
        ..claims()
    };
    assert_eq!(check(&c), Err(Error::MissingIat));
    let c = IdTokenClaims {
        iat: Some(-5.0),
        ..claims()
    };
    assert_eq!(check(&c), Err(Error::MissingIat));
    // iat = now + skew passes; now + skew + 1 fails.
    let c = IdTokenClaims {
        iat: Some((NOW + SKEW) as f64),
        exp: Some((NOW + 7200) as f64),
        ..claims()
    };
    assert_eq!(check(&c), Ok(()));
    let c = IdTokenClaims {
        iat: Some((NOW + SKEW + 1) as f64),
        ..c
    };
    assert_eq!(check(&c), Err(Error::IatInFuture));
    // Fractional seconds are floored.
    let c = IdTokenClaims {
        iat: Some((NOW + SKEW) as f64 + 0.9),
        exp: Some((NOW + 7200) as f64),
        ..claims()
    };
    assert_eq!(check(&c), Ok(()));
}

#[test]
fn nonce() {
    let c = IdTokenClaims {
        nonce: None,
        ..claims()
    };
    assert_eq!(check(&c), Err(Error::NonceMismatch));
    let c = IdTokenClaims {
        nonce: Some("other".into()),
        ..claims()
    };
    assert_eq!(check(&c).unwrap_err().code(), "nonce_mismatch");
    // After a refresh no nonce was sent: the claim is not compared.
    let e = Expected {
        nonce: None,
        ..expected()
    };
    assert_eq!(validate_id_token(&c, &e, NOW), Ok(()));
    assert_eq!(
        validate_id_token(
            &IdTokenClaims {
                nonce: None,
                ..claims()
            },
            &e,
            NOW
        ),
        Ok(())
    );
}

#[test]
fn sub() {
    let c = IdTokenClaims {
        sub: None,
        ..claims()
    };
    assert_eq!(check(&c), Err(Error::MissingSub));
    let c = IdTokenClaims {
        sub: Some(String::new()),
        ..claims()
    };
    assert_eq!(check(&c), Err(Error::MissingSub));
    let e = Expected {
        sub: Some("user-2"),
        ..expected()
    };
    assert_eq!(
        validate_id_token(&claims(), &e, NOW),
        Err(Error::SubMismatch)
    );
    let e = Expected {
        sub: Some("user-1"),
        ..expected()
    };
    assert_eq!(validate_id_token(&claims(), &e, NOW), Ok(()));
}

#[test]
fn auth_time_when_max_age_was_sent() {
    let e = Expected {
        max_age: Some(600),
        ..expected()
    };
    // No auth_time at all: refused only when max_age was sent.
    let none = IdTokenClaims {
        auth_time: None,
        ..claims()
    };
    assert_eq!(check(&none), Ok(()));
    assert_eq!(
        validate_id_token(&none, &e, NOW),
        Err(Error::MissingAuthTime)
    );
    let at = |t: f64| IdTokenClaims {
        auth_time: Some(t),
        ..claims()
    };
    // OIDC Core §3.1.3.7 (13): within max_age (plus skew) passes, older is refused.
    let recent = (NOW - 600 - SKEW) as f64;
    assert_eq!(validate_id_token(&at(recent), &e, NOW), Ok(()));
    assert_eq!(
        validate_id_token(&at(recent - 1.0), &e, NOW)
            .unwrap_err()
            .code(),
        "auth_time_too_old"
    );
    assert_eq!(
        validate_id_token(&at(f64::NAN), &e, NOW)
            .unwrap_err()
            .code(),
        "missing_auth_time"
    );
}
