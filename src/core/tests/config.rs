use super::cfg;
use crate::core::{Config, Error};

fn invalid(c: &Config) -> Error {
    let e = c.validate().unwrap_err();
    assert_eq!(e.code(), "invalid_config");
    e
}

#[test]
fn defaults() {
    let c = cfg();
    assert_eq!(c.scope, "openid");
    assert_eq!(c.clock_skew_s, 300);
    assert_eq!(c.silent_redirect_uri, None);
    assert_eq!(c.post_logout_redirect_uri, None);
    assert!(c.extra_authorize_params.is_empty());
    assert_eq!(c.validate(), Ok(()));
}

#[test]
fn client_id_required() {
    let mut c = cfg();
    c.client_id.clear();
    assert_eq!(
        invalid(&c),
        Error::InvalidConfig("clientId must not be empty")
    );
}

#[test]
fn redirect_uri_absolute_http_without_fragment() {
    for bad in [
        "",
        "/callback",
        "app://callback",
        "https://app.example/cb#x",
        "javascript:alert(1)",
    ] {
        let mut c = cfg();
        c.redirect_uri = bad.into();
        invalid(&c);
        let mut c = cfg();
        c.silent_redirect_uri = Some(bad.into());
        invalid(&c);
    }
    let mut c = cfg();
    c.post_logout_redirect_uri = Some("/home".into());
    invalid(&c);
    let mut c = cfg();
    c.redirect_uri = "http://localhost:8080/callback?x=1".into();
    c.silent_redirect_uri = Some("http://localhost:8080/silent.html".into());
    c.post_logout_redirect_uri = Some("http://localhost:8080/".into());
    assert_eq!(c.validate(), Ok(()));
}

#[test]
fn scope_must_include_openid_word() {
    for bad in ["", "profile", "openid2 profile", "profile,openid", "OPENID"] {
        let mut c = cfg();
        c.scope = bad.into();
        assert_eq!(
            invalid(&c),
            Error::InvalidConfig("scope must include openid"),
            "{bad}"
        );
    }
    let mut c = cfg();
    c.scope = "profile openid email".into();
    assert_eq!(c.validate(), Ok(()));
}

#[test]
fn extra_params_may_not_override_protocol() {
    let mut c = cfg();
    c.extra_authorize_params = vec![("audience".into(), "api".into())];
    assert_eq!(c.validate(), Ok(()));
    c.extra_authorize_params
        .push(("nonce".into(), "mine".into()));
    assert_eq!(
        invalid(&c),
        Error::InvalidConfig("extra params may not override protocol parameters")
    );
}
