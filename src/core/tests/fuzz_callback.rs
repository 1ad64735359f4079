//! Properties of the authorization response readers on hostile callback URLs: parsing,
//! repeated parameters (RFC 6749 §3.1), the pending sign-in's checks (RFC 6749 §4.1.2,
//! RFC 9207 §2.4) and recognising the silent-renew answer.

use proptest::prelude::*;

use super::fuzz::{
    check_code, config, escape_some, maybe, mostly, piece, plain_name, text, url, value,
    CALLBACK_CODES, HANDLE_CODES, MARKER,
};
use super::{cfg, meta, ISSUER};
use crate::core::encode::parse_params;
use crate::core::{
    is_silent_response, parse_callback_url, AuthorizationCode, CallbackParams, CodeVerifier, Error,
    ExpectCallback,
};

const REDIRECT: &str = "https://app.example.com/callback";
const STATE: &str = "st4te";

/// The parameters `parse_callback_url` reads and refuses to see twice.
const READ_PARAMS: [&str; 5] = ["code", "state", "iss", "error", "error_description"];

/// One of `READ_PARAMS`, as written or spelled with escapes.
fn escaped_read_param() -> BoxedStrategy<String> {
    (prop::sample::select(&READ_PARAMS[..]), any::<u64>())
        .prop_map(|(n, bits)| escape_some(n, bits))
        .boxed()
}

/// Whether `piece` names a parameter the parser reads.
fn is_read_param(piece: &str) -> bool {
    parse_params(piece)
        .unwrap_or_default()
        .iter()
        .any(|(k, _)| READ_PARAMS.contains(&k.as_str()))
}

/// Callback URLs: the redirect URI in other spellings or another endpoint, a query and a
/// fragment of response and app parameters, our state often among them.
fn callback_url() -> BoxedStrategy<String> {
    let base = prop_oneof![
        Just(REDIRECT.to_string()),
        Just("HTTPS://App.Example.com:443/callback".to_string()),
        Just("https://app.example.com/callback/".to_string()),
        Just("https://app.example.com@evil.example/callback".to_string()),
        url(),
    ];
    let name = prop_oneof![
        3 => plain_name(),
        1 => escaped_read_param(),
        1 => "[a-zA-Z0-9%+._~-]{1,6}",
    ]
    .boxed();
    let state = prop_oneof![
        Just(format!("state={STATE}")),
        Just("st%61te=st%34te".into())
    ];
    let part = (
        prop::collection::vec(piece(name), 0..5),
        prop::option::of(state),
    )
        .prop_map(|(mut pieces, state)| {
            pieces.extend(state);
            pieces.join("&")
        });
    (base, prop::option::of(part.clone()), prop::option::of(part))
        .prop_map(|(base, query, fragment)| {
            let mut u = base;
            if let Some(q) = query {
                u.push('?');
                u.push_str(&q);
            }
            if let Some(f) = fragment {
                u.push('#');
                u.push_str(&f);
            }
            u
        })
        .boxed()
}

fn pending() -> ExpectCallback {
    ExpectCallback {
        state: STATE.into(),
        nonce: "n0nce".into(),
        code_verifier: CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
        redirect_uri: REDIRECT.into(),
        app_state: Some("{\"to\":\"/x\"}".into()),
        created_at: 10,
        max_age: None,
    }
}

/// Within the pending sign-in's hour: the lifetime check has its own unit test.
const NOW: u64 = 100;

fn callback_params() -> impl Strategy<Value = CallbackParams> {
    (
        maybe(MARKER, &[""]),
        maybe(STATE, &["other", ""]),
        prop::option::of(mostly(ISSUER, &["https://op.example.com/"])),
        prop::option::weighted(0.2, text()),
        prop::option::of(text()),
    )
        .prop_map(
            |(code, state, iss, error, error_description)| CallbackParams {
                code: code.map(AuthorizationCode::new),
                state,
                iss,
                error,
                error_description,
            },
        )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_callback_url_reads_or_refuses_any_url(u in prop_oneof![callback_url(), text()]) {
        match parse_callback_url(&u) {
            Ok(p) => prop_assert!(p.code.is_some() || p.state.is_some() || p.error.is_some()),
            Err(e) => check_code(&e, CALLBACK_CODES)?,
        }
    }

    // RFC 6749 §3.1: response parameters must not repeat, however they are spelled. The
    // app's own may (`parse_callback_url` ignores them), so only READ_PARAMS are repeated.
    #[test]
    fn a_repeated_response_parameter_is_refused(
        app in prop::collection::vec(piece("[a-z_]{1,8}".boxed()), 0..4),
        which in prop::sample::select(&READ_PARAMS[..]),
        spellings in (any::<u64>(), any::<u64>()),
        values in (value(), value()),
        at in (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
        in_fragment in any::<bool>(),
    ) {
        let mut pieces = app.clone();
        let first = format!("{}={}", escape_some(which, spellings.0), values.0);
        pieces.insert(at.0.index(pieces.len() + 1), first);
        let second = format!("{}={}", escape_some(which, spellings.1), values.1);
        pieces.insert(at.1.index(pieces.len() + 1), second);
        // The fragment is read only when the query is not a response: give it app params only.
        let u = if in_fragment {
            format!("{REDIRECT}?{}#{}", app.join("&"), pieces.join("&"))
        } else {
            format!("{REDIRECT}?{}", pieces.join("&"))
        };
        prop_assume!(!app.iter().any(|p| is_read_param(p)));
        let want = Err(Error::InvalidCallback("repeated parameter"));
        prop_assert_eq!(parse_callback_url(&u), want, "{}", u);
    }

    #[test]
    fn a_silent_response_always_parses_with_our_state(u in callback_url()) {
        let silent = is_silent_response(&u, REDIRECT, STATE);
        // The shell's next step after `true` is `parse_callback_url`: it must not fail.
        if silent {
            let p = parse_callback_url(&u);
            prop_assert_eq!(p.map(|p| p.state), Ok(Some(STATE.to_string())));
        }
        prop_assert!(!is_silent_response(&u, REDIRECT, ""));
    }

    #[test]
    fn handle_accepts_only_our_state_and_issuer(
        params in callback_params(),
        iss_required in any::<bool>(),
    ) {
        let mut meta = meta();
        meta.authorization_response_iss_parameter_supported = iss_required;
        let result = pending().handle(&params, &meta, &cfg(), NOW);
        match &result {
            Ok(t) => {
                prop_assert_eq!(params.state.as_deref(), Some(STATE));
                prop_assert!(params.iss.as_deref().is_none_or(|i| i == ISSUER));
                prop_assert!(params.iss.is_some() || !iss_required);
                prop_assert!(params.error.is_none());
                let code = params.code.as_ref().map(|c| c.secret().to_string()).unwrap_or_default();
                prop_assert!(!code.is_empty());
                prop_assert_eq!(&t.request.url, &meta.token_endpoint);
                let body = parse_params(t.request.body.as_deref().unwrap_or("")).unwrap();
                prop_assert!(body.contains(&("code".into(), code)));
                prop_assert!(body.contains(&("redirect_uri".into(), REDIRECT.into())));
                let verifier = pending().code_verifier.secret().to_string();
                prop_assert!(body.contains(&("code_verifier".into(), verifier)));
                prop_assert_eq!(t.nonce.as_str(), "n0nce");
            }
            Err(e) => {
                check_code(e, HANDLE_CODES)?;
                // State first: a forged error response must not end our sign-in.
                let ours = params.state.as_deref() == Some(STATE);
                prop_assert_eq!(*e == Error::StateMismatch, !ours);
                prop_assert!(!e.message().contains(MARKER));
            }
        }
        prop_assert!(!format!("{:?}", result).contains(MARKER), "a code in Debug output");
    }

    #[test]
    fn a_code_in_the_url_never_reaches_messages_or_debug(
        mut pieces in prop::collection::vec(piece(plain_name()), 0..4),
        at in any::<prop::sample::Index>(),
    ) {
        pieces.insert(at.index(pieces.len() + 1), format!("code={MARKER}"));
        let u = format!("{REDIRECT}?{}", pieces.join("&"));
        let parsed = parse_callback_url(&u);
        prop_assert!(!format!("{:?}", parsed).contains(MARKER), "a code in Debug output");
        if let Ok(p) = parsed {
            let result = pending().handle(&p, &meta(), &cfg(), NOW);
            prop_assert!(!format!("{:?}", result).contains(MARKER), "a code in Debug output");
            if let Err(e) = result {
                prop_assert!(!e.message().contains(MARKER));
            }
        }
    }
}
