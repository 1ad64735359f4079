use super::{cfg, form_post_headers, meta};
use crate::core::{
    authorization_code_request, refresh_token_request, validate_token_response, AccessToken,
    AuthorizationCode, CodeVerifier, Error, IdToken, RefreshToken, TokenResponse, TokenType,
};

const NOW: u64 = 1_700_000_000;

fn body(json: &str) -> TokenResponse {
    serde_json::from_str(json).unwrap()
}

fn ok_body() -> TokenResponse {
    body(
        r#"{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","id_token":"a.b.c","scope":"openid profile","extra":1}"#,
    )
}

fn check(status: u16, b: Option<&TokenResponse>, id: bool) -> Result<crate::core::TokenSet, Error> {
    validate_token_response(status, b, id, TokenType::Bearer, NOW)
}

#[test]
fn code_request_exact() {
    let r = authorization_code_request(
        &meta(),
        &cfg(),
        &AuthorizationCode::new("c/d+e".into()),
        &CodeVerifier::new("v".into()),
        "http://localhost:8080/silent.html",
    );
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "https://op.example.com/token");
    assert_eq!(r.headers, form_post_headers());
    assert_eq!(
        r.body.as_deref(),
        Some("grant_type=authorization_code&code=c%2Fd%2Be&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fsilent.html&client_id=spa&code_verifier=v")
    );
    let dbg = format!("{r:?}");
    assert!(
        dbg.contains("[redacted]") && !dbg.contains("code_verifier"),
        "{dbg}"
    );
}

#[test]
fn refresh_request_exact() {
    let r = refresh_token_request(&meta(), &cfg(), &RefreshToken::new("r t".into()));
    assert_eq!(
        (r.method, r.url.as_str()),
        ("POST", "https://op.example.com/token")
    );
    assert_eq!(r.headers.len(), 2);
    assert_eq!(
        r.body.as_deref(),
        Some("grant_type=refresh_token&refresh_token=r%20t&client_id=spa")
    );
}

#[test]
fn success() {
    let t = check(200, Some(&ok_body()), true).unwrap();
    assert_eq!(t.access_token, AccessToken::new("at".into()));
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.expires_at, Some(NOW + 3600));
    assert_eq!(t.refresh_token, Some(RefreshToken::new("rt".into())));
    assert_eq!(t.id_token, Some(IdToken::new("a.b.c".into())));
    assert_eq!(t.scope.as_deref(), Some("openid profile"));
    let t = check(
        201,
        Some(&body(r#"{"access_token":"at","token_type":"bearer"}"#)),
        false,
    )
    .unwrap();
    assert_eq!(
        (t.token_type.as_str(), t.expires_at, t.id_token),
        ("Bearer", None, None)
    );
    // Debug redacts every token.
    let dbg = format!("{:?}", check(200, Some(&ok_body()), true).unwrap());
    assert!(
        !dbg.contains("\"at\"") && !dbg.contains("a.b.c") && !dbg.contains("\"rt\""),
        "{dbg}"
    );
}

#[test]
fn non_2xx() {
    let e = check(
        400,
        Some(&body(
            r#"{"error":"invalid_grant","error_description":"used"}"#,
        )),
        true,
    );
    assert_eq!(
        e.unwrap_err(),
        Error::OAuth {
            error: "invalid_grant".into(),
            error_description: Some("used".into())
        }
    );
    assert_eq!(
        check(401, None, true).unwrap_err(),
        Error::Http { status: 401 }
    );
    assert_eq!(
        check(500, Some(&ok_body()), true).unwrap_err(),
        Error::Http { status: 500 }
    );
    assert_eq!(check(302, None, true).unwrap_err().code(), "http_error");
    assert_eq!(check(199, None, true).unwrap_err().code(), "http_error");
}

#[test]
fn not_json() {
    let e = check(200, None, true).unwrap_err();
    assert_eq!(e, Error::InvalidResponse("token response is not JSON"));
}

#[test]
fn error_in_2xx_body() {
    let e = check(
        200,
        Some(&body(
            r#"{"error":"slow_down","access_token":"at","token_type":"Bearer"}"#,
        )),
        true,
    );
    assert_eq!(
        e.unwrap_err(),
        Error::OAuth {
            error: "slow_down".into(),
            error_description: None
        }
    );
}

#[test]
fn access_token_required() {
    for json in [
        r#"{"token_type":"Bearer","id_token":"x"}"#,
        r#"{"access_token":"","token_type":"Bearer"}"#,
    ] {
        let e = check(200, Some(&body(json)), false).unwrap_err();
        assert_eq!(e, Error::InvalidResponse("access_token missing"), "{json}");
    }
}

#[test]
fn token_type_bearer_only() {
    let e = check(200, Some(&body(r#"{"access_token":"at"}"#)), false).unwrap_err();
    assert_eq!(
        e,
        Error::InvalidTokenType {
            got: String::new(),
            expected: "Bearer"
        }
    );
    let e = check(
        200,
        Some(&body(r#"{"access_token":"at","token_type":"DPoP"}"#)),
        false,
    );
    assert_eq!(
        e.unwrap_err(),
        Error::InvalidTokenType {
            got: "DPoP".into(),
            expected: "Bearer"
        }
    );
    for ok in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let b = TokenResponse {
            token_type: Some(ok.into()),
            ..ok_body()
        };
        assert_eq!(check(200, Some(&b), true).unwrap().token_type, "Bearer");
    }
}

#[test]
fn expires_in() {
    for bad in [-1.0, -0.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let b = TokenResponse {
            expires_in: Some(bad),
            ..ok_body()
        };
        let e = check(200, Some(&b), true).unwrap_err();
        assert_eq!(e.code(), "invalid_response", "{bad}");
    }
    let b = TokenResponse {
        expires_in: Some(3599.9),
        ..ok_body()
    };
    assert_eq!(
        check(200, Some(&b), true).unwrap().expires_at,
        Some(NOW + 3599)
    );
    let b = TokenResponse {
        expires_in: Some(0.0),
        ..ok_body()
    };
    assert_eq!(check(200, Some(&b), true).unwrap().expires_at, Some(NOW));
    let b = TokenResponse {
        expires_in: Some(1e300),
        ..ok_body()
    };
    assert_eq!(
        check(200, Some(&b), true).unwrap().expires_at,
        Some(u64::MAX)
    );
}

#[test]
fn id_token_required_when_asked() {
    let b = TokenResponse {
        id_token: None,
        ..ok_body()
    };
    assert_eq!(
        check(200, Some(&b), true).unwrap_err(),
        Error::MissingIdToken
    );
    assert!(check(200, Some(&b), false).is_ok());
    let b = TokenResponse {
        id_token: Some(IdToken::new(String::new())),
        ..ok_body()
    };
    assert_eq!(
        check(200, Some(&b), true).unwrap_err().code(),
        "missing_id_token"
    );
    assert_eq!(check(200, Some(&b), false).unwrap().id_token, None);
}

#[test]
fn empty_refresh_token_is_none() {
    let b = TokenResponse {
        refresh_token: Some(RefreshToken::new(String::new())),
        ..ok_body()
    };
    assert_eq!(check(200, Some(&b), true).unwrap().refresh_token, None);
}

#[test]
fn deserializes_nulls_and_unknowns() {
    let b = body(
        r#"{"access_token":"at","token_type":"Bearer","refresh_token":null,"expires_in":null,"x":[1]}"#,
    );
    assert_eq!(b.refresh_token, None);
    assert_eq!(b.expires_in, None);
    assert_eq!(TokenResponse::default().access_token, None);
}
