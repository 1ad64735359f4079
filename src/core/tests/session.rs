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
        r#"{"accessToken":"at","idToken":"h.p.s","refreshToken":"rt","tokenType":"Bearer","scope":"openid","expiresAt":1700000060}"#
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
    let json = serde_json::to_string(&Session {
        id_token: None,
        refresh_token: None,
        scope: None,
        ..s.clone()
    })
    .unwrap();
    assert_eq!(
        json,
        r#"{"accessToken":"at","tokenType":"Bearer","expiresAt":1700000060}"#
    );
    let dbg = format!("{s:?}");
    assert!(
        !dbg.contains("\"at\"") && !dbg.contains("h.p.s") && !dbg.contains("\"rt\""),
        "{dbg}"
    );
}
