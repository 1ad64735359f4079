use super::{meta, ISSUER};
use crate::core::{
    parse_www_authenticate, userinfo_request, validate_signed_userinfo, validate_userinfo_response,
    AccessToken, Audience, Error, Metadata, TokenType, UserInfoClaims, ID_TOKEN_CLAIMS_WIN,
};

#[test]
fn request_exact() {
    let r = userinfo_request(&meta(), &AccessToken::new("t0k".into()), TokenType::Bearer).unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        ("GET", "https://op.example.com/userinfo")
    );
    assert_eq!(
        r.headers,
        vec![
            ("Authorization", "Bearer t0k".to_string()),
            ("Accept", "application/json".to_string())
        ]
    );
    assert_eq!(r.body, None);
    let dbg = format!("{r:?}");
    assert!(!dbg.contains("t0k") && dbg.contains("[redacted]"), "{dbg}");
    assert!(dbg.contains("application/json"), "{dbg}");
}

#[test]
fn request_without_endpoint() {
    let m = Metadata {
        userinfo_endpoint: None,
        ..meta()
    };
    let e = userinfo_request(&m, &AccessToken::new("t".into()), TokenType::Bearer).unwrap_err();
    assert_eq!(e.code(), "unsupported");
    assert_eq!(
        e,
        Error::Unsupported("the provider has no userinfo_endpoint")
    );
}

fn pair(e: &str, d: Option<&str>) -> Option<(String, Option<String>)> {
    Some((e.into(), d.map(Into::into)))
}

#[test]
fn www_authenticate_bearer_errors() {
    let p = parse_www_authenticate;
    assert_eq!(
        p(
            r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#
        ),
        pair("invalid_token", Some("The access token expired"))
    );
    assert_eq!(p("Bearer error=invalid_token"), pair("invalid_token", None));
    assert_eq!(
        p(r#"  bearer   realm = "x" ,error =  "insufficient_scope",scope="openid""#),
        pair("insufficient_scope", None)
    );
    assert_eq!(
        p(r#"BEARER Error="invalid_request", ERROR_DESCRIPTION=bad"#),
        pair("invalid_request", Some("bad"))
    );
    // Other challenges before and after; commas inside quoted strings; escapes.
    assert_eq!(
        p(
            r#"Basic realm="a, b", DPoP algs="ES256", Bearer realm="x", error="invalid_token", error_description="say \"hi\", ok", Negotiate"#
        ),
        pair("invalid_token", Some(r#"say "hi", ok"#))
    );
    assert_eq!(
        p(r#"Basic dXNlcjpwYXNz==, Bearer error="invalid_token""#),
        pair("invalid_token", None)
    );
    // The first Bearer challenge with an error wins.
    assert_eq!(
        p(r#"Bearer realm="a", Bearer error="invalid_token", Bearer error="other""#),
        pair("invalid_token", None)
    );
    // Unterminated quote runs to the end.
    assert_eq!(
        p(r#"Bearer error="invalid_token"#),
        pair("invalid_token", None)
    );
    assert_eq!(
        p("Bearer error=\"\u{e9}t\u{e9}\""),
        pair("\u{e9}t\u{e9}", None)
    );
}

#[test]
fn www_authenticate_without_bearer_error() {
    for h in [
        "",
        "   ,, ",
        "Bearer",
        r#"Bearer realm="example""#,
        r#"Bearer error="""#,
        r#"Basic realm="x", error="invalid_token""#,
        r#"Bearer realm="x", Basic error="invalid_token""#,
        r#"error="invalid_token""#,
        r#"Bearerx error="invalid_token""#,
        "=",
        "==,=,Bearer ==",
        "Bearer error_description=x",
        "\"",
        "Bearer \\",
    ] {
        assert_eq!(parse_www_authenticate(h), None, "{h}");
    }
}

fn claims(sub: Option<&str>) -> UserInfoClaims {
    UserInfoClaims {
        sub: sub.map(Into::into),
        ..Default::default()
    }
}

fn check(
    status: u16,
    www: Option<&str>,
    body_error: Option<(&str, Option<&str>)>,
    c: Option<&UserInfoClaims>,
) -> Result<(), Error> {
    validate_userinfo_response(status, www, body_error, c, "user-1")
}

#[test]
fn response_ok() {
    let c: UserInfoClaims =
        serde_json::from_str(r#"{"sub":"user-1","email":"a@b.c","aud":["x","y"]}"#).unwrap();
    assert_eq!(check(200, None, None, Some(&c)), Ok(()));
    assert_eq!(check(203, Some("Bearer error=x"), None, Some(&c)), Ok(()));
}

#[test]
fn response_errors_in_order() {
    let c = claims(Some("user-1"));
    let e = check(
        401,
        Some(r#"Bearer error="invalid_token", error_description="expired""#),
        Some(("body_error", None)),
        Some(&c),
    )
    .unwrap_err();
    assert_eq!(e.code(), "oauth_error");
    assert_eq!(
        e,
        Error::OAuth {
            error: "invalid_token".into(),
            error_description: Some("expired".into())
        }
    );
    let e = check(
        401,
        Some(r#"Bearer realm="x""#),
        Some(("invalid_token", Some("d"))),
        None,
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::OAuth {
            error: "invalid_token".into(),
            error_description: Some("d".into())
        }
    );
    let e = check(403, None, None, Some(&c)).unwrap_err();
    assert_eq!((e.code(), e), ("http_error", Error::Http { status: 403 }));
    let e = check(500, Some("Basic realm=x"), None, None).unwrap_err();
    assert_eq!(e, Error::Http { status: 500 });
    let e = check(199, None, None, Some(&c)).unwrap_err();
    assert_eq!(e.code(), "http_error");

    let e = check(200, None, None, None).unwrap_err();
    assert_eq!(e.code(), "invalid_response");
    assert_eq!(
        e,
        Error::InvalidResponse("userinfo response is not a JSON object")
    );
    assert_eq!(
        check(200, None, None, Some(&claims(None)))
            .unwrap_err()
            .code(),
        "missing_sub"
    );
    assert_eq!(
        check(200, None, None, Some(&claims(Some(""))))
            .unwrap_err()
            .code(),
        "missing_sub"
    );
    // OIDC Core §5.3.2: another user's claims must be discarded.
    for other in ["user-2", "USER-1", "user-1 ", "user-"] {
        assert_eq!(
            check(200, None, None, Some(&claims(Some(other))))
                .unwrap_err()
                .code(),
            "sub_mismatch"
        );
    }
}

#[test]
fn signed_userinfo_iss_then_aud() {
    let c: UserInfoClaims =
        serde_json::from_str(r#"{"sub":"u","iss":"https://op.example.com","aud":"spa"}"#).unwrap();
    assert_eq!(validate_signed_userinfo(&c, ISSUER, "spa"), Ok(()));
    let many = UserInfoClaims {
        aud: Some(Audience::Many(vec!["api".into(), "spa".into()])),
        ..c.clone()
    };
    assert_eq!(validate_signed_userinfo(&many, ISSUER, "spa"), Ok(()));

    for iss in [
        None,
        Some("https://op.example.com/"),
        Some("https://evil.example"),
    ] {
        let bad = UserInfoClaims {
            iss: iss.map(Into::into),
            aud: None,
            ..c.clone()
        };
        let e = validate_signed_userinfo(&bad, ISSUER, "spa").unwrap_err();
        assert_eq!(e.code(), "iss_mismatch", "{iss:?}");
    }
    for aud in [
        None,
        Some(Audience::One("api".into())),
        Some(Audience::Many(vec![])),
        Some(Audience::Many(vec!["api".into(), "SPA".into()])),
    ] {
        let bad = UserInfoClaims { aud, ..c.clone() };
        let e = validate_signed_userinfo(&bad, ISSUER, "spa").unwrap_err();
        assert_eq!(e.code(), "aud_mismatch");
        assert_eq!(
            e,
            Error::AudMismatch {
                expected: "spa".into()
            }
        );
    }
}

#[test]
fn id_token_claims_win_on_merge() {
    assert_eq!(ID_TOKEN_CLAIMS_WIN, ["sub", "iss", "aud"]);
}

#[test]
fn a_signed_answer_is_known_by_its_media_type() {
    use crate::core::is_signed_userinfo;
    assert!(is_signed_userinfo(200, Some("application/jwt")));
    assert!(is_signed_userinfo(
        200,
        Some("Application/JWT; charset=utf-8")
    ));
    assert!(!is_signed_userinfo(200, Some("application/json")));
    assert!(!is_signed_userinfo(200, Some("application/jwt-bundle")));
    assert!(!is_signed_userinfo(200, None));
    // An error answer is never treated as a token, whatever it claims to be.
    assert!(!is_signed_userinfo(401, Some("application/jwt")));
}

#[test]
fn a_dpop_bound_token_goes_with_the_dpop_scheme() {
    let r = userinfo_request(&meta(), &AccessToken::new("t0k".into()), TokenType::Dpop).unwrap();
    assert!(r
        .headers
        .contains(&("Authorization", "DPoP t0k".to_string())));
}
