use super::{cfg, form_post_headers, meta};
use crate::core::{revocation_request, validate_revocation_response, Error, Metadata};

#[test]
fn request_exact() {
    let r = revocation_request(&meta(), &cfg(), "t/k+n", Some("refresh_token")).unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        ("POST", "https://op.example.com/revoke")
    );
    assert_eq!(r.headers, form_post_headers());
    assert_eq!(
        r.body.as_deref(),
        Some("token=t%2Fk%2Bn&token_type_hint=refresh_token&client_id=spa")
    );
    let dbg = format!("{r:?}");
    assert!(!dbg.contains("t%2Fk"), "{dbg}");
    let r = revocation_request(&meta(), &cfg(), "at", None).unwrap();
    assert_eq!(r.body.as_deref(), Some("token=at&client_id=spa"));
}

#[test]
fn request_without_endpoint() {
    let m = Metadata {
        revocation_endpoint: None,
        ..meta()
    };
    let e = revocation_request(&m, &cfg(), "at", None).unwrap_err();
    assert_eq!(e.code(), "unsupported");
    assert_eq!(
        e,
        Error::Unsupported("the provider has no revocation_endpoint")
    );
}

#[test]
fn success_whatever_the_body() {
    // §2.2: an unknown or already revoked token is success too; the body is ignored.
    assert_eq!(validate_revocation_response(200, None), Ok(()));
    assert_eq!(
        validate_revocation_response(200, Some(("invalid_token", None))),
        Ok(())
    );
    assert_eq!(validate_revocation_response(204, None), Ok(()));
}

#[test]
fn errors() {
    let e = validate_revocation_response(
        400,
        Some(("unsupported_token_type", Some("no refresh tokens here"))),
    )
    .unwrap_err();
    assert_eq!(e.code(), "oauth_error");
    assert_eq!(
        e,
        Error::OAuth {
            error: "unsupported_token_type".into(),
            error_description: Some("no refresh tokens here".into())
        }
    );
    let e = validate_revocation_response(503, Some(("temporarily_unavailable", None))).unwrap_err();
    assert_eq!(
        e,
        Error::OAuth {
            error: "temporarily_unavailable".into(),
            error_description: None
        }
    );
    for status in [0, 199, 301, 401, 404, 500, 503] {
        let e = validate_revocation_response(status, None).unwrap_err();
        assert_eq!((e.code(), e), ("http_error", Error::Http { status }));
    }
}

#[test]
fn a_session_is_revoked_access_token_first() {
    use crate::core::{session_revocations, AccessToken, RefreshToken, Session};
    let mut session = Session {
        access_token: AccessToken::new("at".into()),
        id_token: None,
        refresh_token: None,
        token_type: "Bearer".into(),
        scope: None,
        expires_at: 10,
        issued_at: 0,
    };
    assert_eq!(session_revocations(&session), vec![("at", "access_token")]);
    session.refresh_token = Some(RefreshToken::new("rt".into()));
    assert_eq!(
        session_revocations(&session),
        vec![("at", "access_token"), ("rt", "refresh_token")]
    );
}
