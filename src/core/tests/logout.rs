use super::{cfg, meta};
use crate::core::{build_logout_url, Error, IdToken, LogoutOptions, Metadata};

fn hinted() -> LogoutOptions {
    LogoutOptions {
        id_token_hint: Some(IdToken::new("h.p.s".into())),
        ..Default::default()
    }
}

#[test]
fn full_url_exact() {
    let opts = LogoutOptions {
        post_logout_redirect_uri: Some("https://app.example.com/bye?x=1".into()),
        state: Some("s t".into()),
        extra_params: vec![
            ("ui_locales".into(), "fr en".into()),
            ("logout_hint".into(), "a@b.c".into()),
        ],
        ..hinted()
    };
    assert_eq!(
        build_logout_url(&meta(), &cfg(), &opts).unwrap(),
        "https://op.example.com/logout?id_token_hint=h.p.s&client_id=spa\
         &post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye%3Fx%3D1\
         &state=s%20t&ui_locales=fr%20en&logout_hint=a%40b.c"
    );
}

#[test]
fn optional_parts() {
    // Nothing optional: client_id alone.
    assert_eq!(
        build_logout_url(&meta(), &cfg(), &LogoutOptions::default()).unwrap(),
        "https://op.example.com/logout?client_id=spa"
    );
    // The configured post-logout URI, unless the call gives one.
    let mut c = cfg();
    c.post_logout_redirect_uri = Some("http://localhost:8080/".into());
    assert_eq!(
        build_logout_url(&meta(), &c, &hinted()).unwrap(),
        "https://op.example.com/logout?id_token_hint=h.p.s&client_id=spa\
         &post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A8080%2F"
    );
    let opts = LogoutOptions {
        post_logout_redirect_uri: Some("https://app.example.com/out".into()),
        ..LogoutOptions::default()
    };
    assert_eq!(
        build_logout_url(&meta(), &c, &opts).unwrap(),
        "https://op.example.com/logout?client_id=spa\
         &post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fout"
    );
}

#[test]
fn endpoint_query_is_kept() {
    for (endpoint, url) in [
        (
            "https://op.example.com/logout?tenant=a",
            "https://op.example.com/logout?tenant=a&client_id=spa",
        ),
        (
            "https://op.example.com/logout?",
            "https://op.example.com/logout?client_id=spa",
        ),
        (
            "https://op.example.com/logout?tenant=a&",
            "https://op.example.com/logout?tenant=a&client_id=spa",
        ),
    ] {
        let m = Metadata {
            end_session_endpoint: Some(endpoint.into()),
            ..meta()
        };
        assert_eq!(
            build_logout_url(&m, &cfg(), &LogoutOptions::default()).unwrap(),
            url
        );
    }
}

#[test]
fn no_endpoint() {
    let m = Metadata {
        end_session_endpoint: None,
        ..meta()
    };
    let e = build_logout_url(&m, &cfg(), &hinted()).unwrap_err();
    assert_eq!(e.code(), "unsupported");
    assert_eq!(
        e,
        Error::Unsupported("the provider has no end_session_endpoint")
    );
}

#[test]
fn bad_post_logout_redirect() {
    for bad in [
        "/bye",
        "bye",
        "javascript:alert(1)",
        "ftp://app.example.com/",
        "https://app.example.com/#x",
        "https://user@evil.example/",
        "",
    ] {
        let opts = LogoutOptions {
            post_logout_redirect_uri: Some(bad.into()),
            ..hinted()
        };
        let e = build_logout_url(&meta(), &cfg(), &opts).unwrap_err();
        assert_eq!(e.code(), "invalid_config", "{bad}");
        let mut c = cfg();
        c.post_logout_redirect_uri = Some(bad.into());
        let e = build_logout_url(&meta(), &c, &hinted()).unwrap_err();
        assert_eq!(e.code(), "invalid_config", "{bad}");
    }
}

#[test]
fn extra_params_may_not_override() {
    for key in [
        "id_token_hint",
        "client_id",
        "post_logout_redirect_uri",
        "state",
    ] {
        let opts = LogoutOptions {
            extra_params: vec![(key.into(), "x".into())],
            ..hinted()
        };
        let e = build_logout_url(&meta(), &cfg(), &opts).unwrap_err();
        assert_eq!(e.code(), "invalid_config", "{key}");
    }
}
