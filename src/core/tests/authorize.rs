use super::{cfg, meta, s256};
use crate::core::{
    begin_signin, code_verifier_from_random, AuthorizeOptions, Error, Pkce, SIGNIN_RANDOM_BYTES,
};

const VERIFIER: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const STATE: &str = "ICEiIyQlJicoKSorLC0uLw";
const NONCE: &str = "MDEyMzQ1Njc4OTo7PD0-Pw";
const CHALLENGE: &str = "6oZqdX5MOLq_qBJ8vppAnT4fk6AP8UiP9zX8-Rev_9A";

/// The verifier of the bytes 0..32 and its challenge, as the shell would make them.
fn pkce_of(bytes: [u8; 32]) -> Pkce {
    let verifier = code_verifier_from_random(&bytes);
    let challenge = s256(verifier.secret());
    Pkce {
        verifier,
        challenge,
    }
}

fn pkce() -> Pkce {
    pkce_of(core::array::from_fn(|i| i as u8))
}

/// A sign-in with the fixed PKCE pair and random bytes, at time 0.
fn begin(
    c: &crate::core::Config,
    m: &crate::core::Metadata,
    opts: AuthorizeOptions,
) -> Result<(crate::core::ExpectCallback, String), Error> {
    begin_signin(c, m, opts, pkce(), &random(), 0)
}

/// The bytes 32..64: state, then nonce.
fn random() -> [u8; SIGNIN_RANDOM_BYTES] {
    core::array::from_fn(|i| 32 + i as u8)
}

fn base_query(redirect: &str, scope: &str) -> String {
    format!(
        "response_type=code&client_id=spa&redirect_uri={redirect}&scope={scope}&state={STATE}\
         &nonce={NONCE}&code_challenge={CHALLENGE}&code_challenge_method=S256"
    )
}

#[test]
fn exact_minimal_url_and_pending_state() {
    let (expect, url) = begin_signin(
        &cfg(),
        &meta(),
        AuthorizeOptions::default(),
        pkce(),
        &random(),
        1_700_000_000,
    )
    .unwrap();
    assert_eq!(
        url,
        format!(
            "https://op.example.com/authorize?{}",
            base_query("https%3A%2F%2Fapp.example.com%2Fcallback", "openid")
        )
    );
    assert_eq!(expect.state, STATE);
    assert_eq!(expect.nonce, NONCE);
    assert_eq!(expect.code_verifier.secret(), VERIFIER);
    assert_eq!(expect.redirect_uri, "https://app.example.com/callback");
    assert_eq!(expect.app_state, None);
    assert_eq!(expect.created_at, 1_700_000_000);
    // Same inputs, same URL.
    let (_, again) = begin_signin(
        &cfg(),
        &meta(),
        AuthorizeOptions::default(),
        pkce(),
        &random(),
        5,
    )
    .unwrap();
    assert_eq!(again, url);
}

#[test]
fn exact_full_url_in_parameter_order() {
    let mut c = cfg();
    c.scope = "openid profile email".into();
    c.extra_authorize_params = vec![("audience".into(), "https://api".into())];
    let opts = AuthorizeOptions {
        prompt: Some("none".into()),
        login_hint: Some("a+b@example.com".into()),
        extra_params: vec![
            ("ui_locales".into(), "fr en".into()),
            ("acr_values".into(), "x".into()),
        ],
        app_state: Some(r#"{"returnTo":"/inbox"}"#.into()),
        redirect_uri: Some("http://localhost:8080/silent.html".into()),
        response_mode: Some("fragment".into()),
    };
    let (expect, url) = begin(&c, &meta(), opts).unwrap();
    assert_eq!(
        url,
        format!(
            "https://op.example.com/authorize?{}&response_mode=fragment&prompt=none\
             &login_hint=a%2Bb%40example.com&ui_locales=fr%20en&acr_values=x\
             &audience=https%3A%2F%2Fapi",
            base_query(
                "http%3A%2F%2Flocalhost%3A8080%2Fsilent.html",
                "openid%20profile%20email"
            )
        )
    );
    assert_eq!(expect.redirect_uri, "http://localhost:8080/silent.html");
    assert_eq!(
        expect.app_state.as_deref(),
        Some(r#"{"returnTo":"/inbox"}"#)
    );
}

#[test]
fn endpoint_with_query_gets_ampersand() {
    let mut m = meta();
    m.authorization_endpoint = "https://op.example.com/authorize?p=B2C_1_signin".into();
    let (_, url) = begin(&cfg(), &m, AuthorizeOptions::default()).unwrap();
    assert!(
        url.starts_with("https://op.example.com/authorize?p=B2C_1_signin&response_type=code&"),
        "{url}"
    );
    m.authorization_endpoint = "https://op.example.com/authorize?".into();
    let (_, url) = begin(&cfg(), &m, AuthorizeOptions::default()).unwrap();
    assert!(
        url.starts_with("https://op.example.com/authorize?response_type=code&"),
        "{url}"
    );
}

#[test]
fn extra_params_may_not_override_protocol_parameters() {
    let keys = [
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
    ];
    let want = Error::InvalidConfig("extra params may not override protocol parameters");
    for key in keys {
        let opts = AuthorizeOptions {
            extra_params: vec![(key.into(), "x".into())],
            ..Default::default()
        };
        assert_eq!(begin(&cfg(), &meta(), opts).unwrap_err(), want);
        let mut c = cfg();
        c.extra_authorize_params = vec![(key.into(), "x".into())];
        let e = begin(&c, &meta(), AuthorizeOptions::default()).unwrap_err();
        assert_eq!(e, want);
    }
}

#[test]
fn bad_config_or_redirect_override_refused() {
    let mut c = cfg();
    c.scope = "profile".into();
    let e = begin(&c, &meta(), AuthorizeOptions::default()).unwrap_err();
    assert_eq!(e.code(), "invalid_config");
    let opts = AuthorizeOptions {
        redirect_uri: Some("/silent.html".into()),
        ..Default::default()
    };
    let e = begin(&cfg(), &meta(), opts).unwrap_err();
    assert_eq!(e.code(), "invalid_config");
}

#[test]
fn different_randomness_different_secrets() {
    let mut r = random();
    r[8] ^= 1;
    r[28] ^= 1;
    let mut other = [0u8; 32];
    other[0] = 1;
    let (e, url) = begin_signin(
        &cfg(),
        &meta(),
        AuthorizeOptions::default(),
        pkce_of(other),
        &r,
        0,
    )
    .unwrap();
    assert_ne!(e.state, STATE);
    assert_ne!(e.nonce, NONCE);
    assert_ne!(e.code_verifier.secret(), VERIFIER);
    assert!(!url.contains(CHALLENGE));
    // The verifier itself never appears in the URL.
    assert!(!url.contains(e.code_verifier.secret()));
}

#[test]
fn each_parameter_once_the_call_winning_over_the_config() {
    // A configured prompt must not follow silent renew's prompt=none.
    let mut c = cfg();
    c.extra_authorize_params = vec![
        ("prompt".into(), "consent".into()),
        ("ui_locales".into(), "de".into()),
    ];
    let opts = AuthorizeOptions {
        prompt: Some("none".into()),
        extra_params: vec![("ui_locales".into(), "fr".into())],
        ..AuthorizeOptions::default()
    };
    let (_, url) = begin(&c, &meta(), opts).unwrap();
    assert_eq!(url.matches("prompt=").count(), 1, "{url}");
    assert!(url.ends_with("&prompt=none&ui_locales=fr"), "{url}");
    // Without a call-level prompt the configured one is sent, once.
    let (_, url) = begin(&c, &meta(), AuthorizeOptions::default()).unwrap();
    assert!(url.ends_with("&prompt=consent&ui_locales=de"), "{url}");
}

#[test]
fn max_age_is_remembered_for_the_auth_time_check() {
    let opts = AuthorizeOptions {
        extra_params: vec![("max_age".into(), "600".into())],
        ..AuthorizeOptions::default()
    };
    let (expect, url) = begin(&cfg(), &meta(), opts).unwrap();
    assert_eq!(expect.max_age, Some(600));
    assert!(url.ends_with("&max_age=600"), "{url}");
    let (expect, _) = begin(&cfg(), &meta(), AuthorizeOptions::default()).unwrap();
    assert_eq!(expect.max_age, None);
    let mut c = cfg();
    c.extra_authorize_params = vec![("max_age".into(), "ten".into())];
    let e = begin(&c, &meta(), AuthorizeOptions::default()).unwrap_err();
    assert_eq!(e.code(), "invalid_config");
}
