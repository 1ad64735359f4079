use super::ISSUER;
use crate::core::{is_adoptable, AccessToken, Audience, IdTokenClaims, Session};

const NOW: u64 = 1_700_000_000;

fn heard(issued_at: u64, expires_at: u64) -> Session {
    Session {
        access_token: AccessToken::new("at-2".into()),
        id_token: None,
        refresh_token: None,
        token_type: "Bearer".into(),
        scope: None,
        expires_at,
        issued_at,
    }
}

fn claims(sub: &str) -> IdTokenClaims {
    IdTokenClaims {
        iss: Some(ISSUER.into()),
        sub: Some(sub.into()),
        aud: Some(Audience::Many(vec!["api".into(), "spa".into()])),
        ..IdTokenClaims::default()
    }
}

fn adoptable(s: &Session, c: &IdTokenClaims, current_sub: Option<&str>) -> bool {
    is_adoptable(s, c, ISSUER, "spa", current_sub, NOW)
}

#[test]
fn a_fresh_session_of_the_same_user_is_adopted() {
    let s = heard(NOW - 1, NOW + 3600);
    assert!(adoptable(&s, &claims("user-1"), Some("user-1")));
    assert!(
        adoptable(&s, &claims("user-1"), None),
        "a tab with no session"
    );
}

#[test]
fn another_issuer_client_or_user_is_not() {
    let s = heard(NOW - 1, NOW + 3600);
    let mut c = claims("user-1");
    c.iss = Some("https://evil.example".into());
    assert!(!adoptable(&s, &c, None));
    let mut c = claims("user-1");
    c.aud = Some(Audience::One("other-client".into()));
    assert!(!adoptable(&s, &c, None));
    c.aud = None;
    assert!(!adoptable(&s, &c, None));
    assert!(!adoptable(&s, &claims("user-2"), Some("user-1")));
    assert!(!adoptable(&s, &claims(""), None));
    let mut c = claims("user-1");
    c.sub = None;
    assert!(!adoptable(&s, &c, None));
}

#[test]
fn absurd_times_are_not() {
    let c = claims("user-1");
    // Huge expiry: would turn renewal and expiry off for good.
    assert!(!adoptable(&heard(NOW, u64::MAX), &c, None));
    assert!(!adoptable(&heard(NOW, NOW + 32 * 24 * 3600), &c, None));
    assert!(adoptable(&heard(NOW, NOW + 31 * 24 * 3600), &c, None));
    // Issued in the future, or never said when.
    assert!(!adoptable(&heard(NOW + 3600, NOW + 7200), &c, None));
    assert!(
        adoptable(&heard(NOW + 30, NOW + 3600), &c, None),
        "a little drift"
    );
    assert!(!adoptable(&heard(0, NOW + 3600), &c, None));
    // Already expired.
    assert!(!adoptable(&heard(NOW - 7200, NOW), &c, None));
}
