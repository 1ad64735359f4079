use super::{cfg, meta, ISSUER};
use crate::core::{
    parse_callback_url, AuthorizationCode, CallbackParams, CodeVerifier, Error, ExpectCallback,
};

const CB: &str = "https://app.example.com/callback";

fn expect() -> ExpectCallback {
    ExpectCallback {
        state: "st4te".into(),
        nonce: "n0nce".into(),
        code_verifier: CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
        redirect_uri: CB.into(),
        app_state: Some("{\"to\":\"/x\"}".into()),
        created_at: 10,
        max_age: None,
    }
}

/// A moment within the pending sign-in's life.
const NOW: u64 = 100;

fn params(code: Option<&str>, state: Option<&str>) -> CallbackParams {
    CallbackParams {
        code: code.map(|c| AuthorizationCode::new(c.into())),
        state: state.map(Into::into),
        ..Default::default()
    }
}

fn err(url: &str) -> Error {
    parse_callback_url(url).unwrap_err()
}

#[test]
fn parses_query() {
    let p = parse_callback_url(
        "https://app.example.com/callback?code=a%2Bb+c&state=st4te&iss=https%3A%2F%2Fop.example.com&session_state=zz",
    )
    .unwrap();
    assert_eq!(p.code, Some(AuthorizationCode::new("a+b c".into())));
    assert_eq!(p.state.as_deref(), Some("st4te"));
    assert_eq!(p.iss.as_deref(), Some(ISSUER));
    assert_eq!(p.error, None);
    let p =
        parse_callback_url("https://app/cb?error=login_required&error_description=Log+in&state=s")
            .unwrap();
    assert_eq!(p.error.as_deref(), Some("login_required"));
    assert_eq!(p.error_description.as_deref(), Some("Log in"));
}

#[test]
fn fragment_mode() {
    let p = parse_callback_url("https://app/silent.html#code=c&state=s").unwrap();
    assert_eq!(p, params(Some("c"), Some("s")));
    // The app's own query parameters do not hide a fragment response.
    let p = parse_callback_url("https://app/cb?tab=2&lang=fr#state=s&error=access_denied").unwrap();
    assert_eq!(p.error.as_deref(), Some("access_denied"));
    // A query response wins; the fragment is not read at all.
    let p = parse_callback_url("https://app/cb?code=q&state=s#code=f&code=g").unwrap();
    assert_eq!(p, params(Some("q"), Some("s")));
}

#[test]
fn repeated_parameters_refused() {
    let want = Error::InvalidCallback("repeated parameter");
    for url in [
        "https://app/cb?code=a&code=b&state=s",
        "https://app/cb?code=a&state=s&state=t",
        "https://app/cb?code=a&state=s&state=s",
        "https://app/cb?code=a&state=s&iss=x&iss=x",
        "https://app/cb?error=a&error=b&state=s",
        "https://app/cb?error=a&error_description=1&error_description=2",
        "https://app/cb#code=a&code=a&state=s",
    ] {
        assert_eq!(err(url), want, "{url}");
    }
    // Unknown parameters may repeat.
    assert!(parse_callback_url("https://app/cb?x=1&x=2&code=c&state=s").is_ok());
}

#[test]
fn not_an_authorization_response() {
    let want = Error::InvalidCallback("not an authorization response");
    for url in [
        "https://app/cb",
        "https://app/cb?",
        "https://app/cb?#",
        "https://app/cb?tab=2",
        "https://app/cb#section",
        "https://app/cb?iss=x&error_description=y",
        "",
        "garbage",
    ] {
        assert_eq!(err(url), want, "{url:?}");
    }
}

#[test]
fn hostile_input() {
    for url in [
        "https://app/cb?code=%ZZ&state=s",
        "https://app/cb?state=%",
        "https://app/cb?state=%FF%FE",
    ] {
        assert_eq!(
            err(url),
            Error::InvalidCallback("malformed percent-encoding"),
            "{url}"
        );
    }
    // A bad escape in a fragment we had to read is an error too.
    assert_eq!(
        err("https://app/cb?x=1#code=%G0").code(),
        "invalid_callback"
    );
    let junk = "&=%25&".repeat(200_000);
    assert_eq!(
        err(&format!("https://app/cb?{junk}")).code(),
        "invalid_callback"
    );
    let big = "A".repeat(1_000_000);
    let p = parse_callback_url(&format!("https://app/cb?state={big}&code=c")).unwrap();
    assert_eq!(p.state.map(|s| s.len()), Some(1_000_000));
    let p = parse_callback_url("https://app/cb?code=c&state=s&code\0=x&??=1").unwrap();
    assert_eq!(p, params(Some("c"), Some("s")));
}

#[test]
fn handle_success_builds_token_request() {
    let t = expect()
        .handle(
            &params(Some("the-code"), Some("st4te")),
            &meta(),
            &cfg(),
            NOW,
        )
        .unwrap();
    assert_eq!(t.nonce, "n0nce");
    assert_eq!(t.app_state.as_deref(), Some("{\"to\":\"/x\"}"));
    assert_eq!(t.request.url, "https://op.example.com/token");
    assert_eq!(
        t.request.body.as_deref(),
        Some(
            "grant_type=authorization_code&code=the-code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback\
             &client_id=spa&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        )
    );
}

#[test]
fn state_checked_first() {
    let p = CallbackParams {
        error: Some("access_denied".into()),
        iss: Some("https://evil".into()),
        ..params(None, Some("other"))
    };
    assert_eq!(
        expect().handle(&p, &meta(), &cfg(), NOW).unwrap_err(),
        Error::StateMismatch
    );
    let e = expect()
        .handle(&params(Some("c"), None), &meta(), &cfg(), NOW)
        .unwrap_err();
    assert_eq!(e.code(), "state_mismatch");
    let e = expect()
        .handle(&params(Some("c"), Some("")), &meta(), &cfg(), NOW)
        .unwrap_err();
    assert_eq!(e.code(), "state_mismatch");
}

#[test]
fn iss_parameter() {
    let with_iss = |iss: &str| CallbackParams {
        iss: Some(iss.into()),
        ..params(Some("c"), Some("st4te"))
    };
    // Exact comparison: no slash forgiveness here (RFC 9207 §2.4).
    let e = expect()
        .handle(&with_iss("https://op.example.com/"), &meta(), &cfg(), NOW)
        .unwrap_err();
    assert_eq!(
        e,
        Error::IssMismatch {
            expected: ISSUER.into(),
            got: "https://op.example.com/".into()
        }
    );
    assert!(expect()
        .handle(&with_iss(ISSUER), &meta(), &cfg(), NOW)
        .is_ok());
    // Absent iss is fine unless the metadata promises it.
    let mut m = meta();
    assert!(expect()
        .handle(&params(Some("c"), Some("st4te")), &m, &cfg(), NOW)
        .is_ok());
    m.authorization_response_iss_parameter_supported = true;
    let e = expect()
        .handle(&params(Some("c"), Some("st4te")), &m, &cfg(), NOW)
        .unwrap_err();
    assert_eq!(e.code(), "iss_missing");
    assert!(expect().handle(&with_iss(ISSUER), &m, &cfg(), NOW).is_ok());
    // iss is checked before the error, so a mixed-up provider's error is not trusted.
    let p = CallbackParams {
        error: Some("x".into()),
        ..with_iss("https://evil")
    };
    assert_eq!(
        expect().handle(&p, &m, &cfg(), NOW).unwrap_err().code(),
        "iss_mismatch"
    );
}

#[test]
fn provider_error() {
    let p = CallbackParams {
        error: Some("login_required".into()),
        error_description: Some("no session".into()),
        ..params(Some("c"), Some("st4te"))
    };
    let e = expect().handle(&p, &meta(), &cfg(), NOW).unwrap_err();
    assert_eq!(e.code(), "oauth_error");
    assert_eq!(
        e,
        Error::OAuth {
            error: "login_required".into(),
            error_description: Some("no session".into())
        }
    );
}

#[test]
fn missing_code() {
    let e = expect()
        .handle(&params(None, Some("st4te")), &meta(), &cfg(), NOW)
        .unwrap_err();
    assert_eq!(e.code(), "missing_code");
    let e = expect()
        .handle(&params(Some(""), Some("st4te")), &meta(), &cfg(), NOW)
        .unwrap_err();
    assert_eq!(e, Error::MissingCode);
}

#[test]
fn pending_state_json() {
    let json = serde_json::to_string(&expect()).unwrap();
    assert_eq!(
        json,
        r#"{"state":"st4te","nonce":"n0nce","code_verifier":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk","redirect_uri":"https://app.example.com/callback","app_state":"{\"to\":\"/x\"}","created_at":10}"#
    );
    assert_eq!(
        serde_json::from_str::<ExpectCallback>(&json).unwrap(),
        expect()
    );
    let mut e = expect();
    e.app_state = None;
    let json = serde_json::to_string(&e).unwrap();
    assert!(!json.contains("app_state"));
    assert_eq!(serde_json::from_str::<ExpectCallback>(&json).unwrap(), e);
    // Debug never shows the verifier.
    assert!(!format!("{:?}", expect()).contains("dBjft"));
}

#[test]
fn abandoned_after_an_hour() {
    let pending = expect(); // created_at 10
    assert!(!pending.is_abandoned(10));
    assert!(!pending.is_abandoned(10 + 3600));
    assert!(pending.is_abandoned(10 + 3601));
    // A clock that went backwards does not make it abandoned.
    assert!(!pending.is_abandoned(0));
}

#[test]
fn a_pending_sign_in_past_its_lifetime_is_refused_at_the_callback() {
    let p = params(Some("c"), Some("st4te"));
    // created_at 10, lifetime one hour: still good at 10 + 3600, refused a second later.
    assert!(expect().handle(&p, &meta(), &cfg(), 10 + 3600).is_ok());
    let e = expect().handle(&p, &meta(), &cfg(), 10 + 3601).unwrap_err();
    assert_eq!(e.code(), "signin_expired");
    // The state is still checked first: a stranger's callback is state_mismatch.
    let stranger = params(Some("c"), Some("other"));
    assert_eq!(
        expect()
            .handle(&stranger, &meta(), &cfg(), 99_999)
            .unwrap_err(),
        Error::StateMismatch
    );
}
