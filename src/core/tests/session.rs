use crate::core::{AccessToken, IdToken, RefreshToken, Session, TokenSet};

const NOW: u64 = 1_700_000_000;

fn tokens(expires_at: Option<u64>, refresh: Option<&str>) -> TokenSet {
    TokenSet {
        access_token: AccessToken::new("at".into()),
        token_type: "Bearer".into(),
        expires_at,
        refresh_token: refresh.map(|r| RefreshToken::new(r.into())),
        id_token: Some(IdToken::new("h.p.s".into())),
        scope: Some("openid".into()),
    }
}

#[test]
fn expiry_sources_in_order() {
    let s = Session::from_tokens(tokens(Some(NOW + 60), None), Some(NOW + 900), None, NOW);
    assert_eq!(s.expires_at, NOW + 60);
    let s = Session::from_tokens(tokens(None, None), Some(NOW + 900), None, NOW);
    assert_eq!(s.expires_at, NOW + 900);
    let s = Session::from_tokens(tokens(None, None), None, None, NOW);
    assert_eq!(s.expires_at, NOW + 3600);
    let s = Session::from_tokens(tokens(None, None), None, None, u64::MAX - 1);
    assert_eq!(s.expires_at, u64::MAX);
}

#[test]
fn liveness_without_skew() {
    let s = Session::from_tokens(tokens(Some(NOW + 60), None), None, None, NOW);
    assert!(s.is_live(NOW));
    assert!(s.is_live(NOW + 59));
    assert!(!s.is_live(NOW + 60));
    assert!(!s.is_live(NOW + 61));
}

#[test]
fn refresh_token_carry_over() {
    let old = Some(RefreshToken::new("old".into()));
    let s = Session::from_tokens(tokens(Some(NOW), None), None, old.clone(), NOW);
    assert_eq!(s.refresh_token, old);
    let s = Session::from_tokens(tokens(Some(NOW), Some("new")), None, old, NOW);
    assert_eq!(s.refresh_token, Some(RefreshToken::new("new".into())));
    let s = Session::from_tokens(tokens(Some(NOW), None), None, None, NOW);
    assert_eq!(s.refresh_token, None);
}

#[test]
fn camel_case_wire_format() {
    let s = Session::from_tokens(tokens(Some(NOW + 60), Some("rt")), None, None, NOW);
    assert_eq!(s.access_token.secret(), "at");
    assert_eq!(s.token_type, "Bearer");
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(
        json,
        r#"{"accessToken":"at","idToken":"h.p.s","refreshToken":"rt","tokenType":"Bearer","scope":"openid","expiresAt":1700000060,"issuedAt":1700000000}"#
    );
    assert_eq!(serde_json::from_str::<Session>(&json).unwrap(), s);
    let minimal: Session = serde_json::from_str(
        r#"{"accessToken":"at","tokenType":"Bearer","expiresAt":5,"claims":{}}"#,
    )
    .unwrap();
    assert_eq!(
        (minimal.id_token, minimal.refresh_token, minimal.scope),
        (None, None, None)
    );
    // Stored by a version without issuedAt: 0, "unknown".
    assert_eq!(minimal.issued_at, 0);
    let json = serde_json::to_string(&Session {
        id_token: None,
        refresh_token: None,
        scope: None,
        ..s.clone()
    })
    .unwrap();
    assert_eq!(
        json,
        r#"{"accessToken":"at","tokenType":"Bearer","expiresAt":1700000060,"issuedAt":1700000000}"#
    );
    let dbg = format!("{s:?}");
    assert!(
        !dbg.contains("\"at\"") && !dbg.contains("h.p.s") && !dbg.contains("\"rt\""),
        "{dbg}"
    );
}

#[test]
fn issued_at_is_now() {
    let s = Session::from_tokens(tokens(Some(NOW + 60), None), None, None, NOW);
    assert_eq!(s.issued_at, NOW);
}

fn previous() -> Session {
    Session {
        access_token: AccessToken::new("old-at".into()),
        id_token: Some(IdToken::new("old.id.tok".into())),
        refresh_token: Some(RefreshToken::new("old-rt".into())),
        token_type: "Bearer".into(),
        scope: Some("openid offline_access".into()),
        expires_at: NOW + 60,
        issued_at: NOW - 3540,
    }
}

#[test]
fn refresh_keeps_what_the_response_left_out() {
    let later = NOW + 30;
    let bare = TokenSet {
        id_token: None,
        scope: None,
        ..tokens(None, None)
    };
    let s = Session::from_refresh(bare, &previous(), Some(NOW + 900), later);
    assert_eq!(s.access_token.secret(), "at");
    assert_eq!(s.refresh_token, Some(RefreshToken::new("old-rt".into())));
    assert_eq!(s.id_token, Some(IdToken::new("old.id.tok".into())));
    assert_eq!(s.scope.as_deref(), Some("openid offline_access"));
    // No new ID token: its exp is not ours to use, so the default lifetime applies.
    assert_eq!(s.expires_at, later + 3600);
    assert_eq!(s.issued_at, later);
}

#[test]
fn refresh_takes_what_the_response_brings() {
    let later = NOW + 30;
    let s = Session::from_refresh(
        tokens(None, Some("new-rt")),
        &previous(),
        Some(NOW + 900),
        later,
    );
    assert_eq!(s.refresh_token, Some(RefreshToken::new("new-rt".into())));
    assert_eq!(s.id_token, Some(IdToken::new("h.p.s".into())));
    assert_eq!(s.scope.as_deref(), Some("openid"));
    assert_eq!(s.expires_at, NOW + 900);
    let s = Session::from_refresh(
        tokens(Some(later + 300), None),
        &previous(),
        Some(NOW + 900),
        later,
    );
    assert_eq!(s.expires_at, later + 300);
    assert_eq!(s.refresh_token, Some(RefreshToken::new("old-rt".into())));
    let none = Session {
        refresh_token: None,
        id_token: None,
        ..previous()
    };
    let s = Session::from_refresh(
        TokenSet {
            id_token: None,
            ..tokens(Some(later + 300), None)
        },
        &none,
        None,
        later,
    );
    assert_eq!((s.refresh_token, s.id_token), (None, None));
}
