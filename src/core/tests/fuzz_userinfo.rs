//! Properties of the UserInfo response checks (OIDC Core §5.3.2) and the Bearer challenge
//! reader (RFC 6750 §3, RFC 7235 §2.1) on arbitrary statuses, headers and claims.

use proptest::prelude::*;
use serde_json::Value;

use super::fuzz::{check_code, config, maybe, mostly, text, SIGNED_USERINFO_CODES, USERINFO_CODES};
use super::fuzz_json::{json_string, json_text, member};
use crate::core::{
    is_signed_userinfo, parse_www_authenticate, validate_signed_userinfo,
    validate_userinfo_response, Audience, Error, UserInfoClaims,
};

const ISSUER: &str = "https://op.example.com";
const CLIENT: &str = "spa";

fn audience() -> impl Strategy<Value = Audience> {
    let aud = || mostly(CLIENT, &["other", ""]);
    prop_oneof![
        2 => aud().prop_map(Audience::One),
        1 => prop::collection::vec(aud(), 0..3).prop_map(Audience::Many),
    ]
}

fn claims() -> impl Strategy<Value = UserInfoClaims> {
    (
        maybe("alice", &["bob", ""]),
        maybe(ISSUER, &["https://op.example.com/"]),
        prop::option::weighted(0.9, audience()),
    )
        .prop_map(|(sub, iss, aud)| UserInfoClaims { sub, iss, aud })
}

fn json_claims() -> BoxedStrategy<String> {
    let aud = prop_oneof![
        2 => json_string(mostly(CLIENT, &["other"])),
        1 => prop::collection::vec(mostly(CLIENT, &["other"]), 0..3).prop_map(Value::from),
    ];
    json_text(vec![
        member("sub", json_string(mostly("alice", &["bob", ""]))),
        member(
            "iss",
            json_string(mostly(ISSUER, &["https://op.example.com/"])),
        ),
        member("aud", aud),
    ])
}

/// Challenges before the Bearer one; the last hides a Bearer error inside a quoted value.
const BEFORE: [&str; 3] = [
    "",
    "Basic realm=\"r\", ",
    "Newauth realm=\"a, Bearer error=no\", type=1, ",
];

/// Media types near `application/jwt`, signed or not.
const MEDIA: [&str; 5] = [
    "APPLICATION/JWT",
    " application/jwt ",
    "application/json",
    "application/jwt+json",
    "",
];

/// `s` as an RFC 7230 quoted-string.
fn quoted(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

/// `WWW-Authenticate` values: real challenges, broken ones, and any text.
fn www_authenticate() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec![
            "Bearer error=\"invalid_token\", error_description=\"expired\"",
            "Basic realm=\"x\", Bearer error=invalid_token",
            "Bearer realm=\"a, b\"",
            "bearer ERROR=\"insufficient_scope\"",
            "Bearer error=\"",
            "Bearer error=\"\\",
            "Bearer error",
            "Bearer ,,, =",
        ])
        .prop_map(String::from),
        text(),
    ]
    .boxed()
}

fn check_userinfo(
    status: u16,
    header: Option<&str>,
    body_error: Option<(&str, Option<&str>)>,
    claims: Option<&UserInfoClaims>,
) -> Result<(), TestCaseError> {
    match validate_userinfo_response(status, header, body_error, claims, "alice") {
        Ok(()) => {
            prop_assert!((200..300).contains(&status));
            prop_assert_eq!(claims.and_then(|c| c.sub.as_deref()), Some("alice"));
        }
        Err(e) => {
            check_code(&e, USERINFO_CODES)?;
            // RFC 6750 §3: on a failure status the header's Bearer error comes first.
            if !(200..300).contains(&status) {
                let from_header = header.and_then(parse_www_authenticate).map(|(e, _)| e);
                match from_header.or(body_error.map(|(e, _)| e.to_string())) {
                    Some(error) => {
                        let Error::OAuth { error: got, .. } = &e else {
                            return Err(TestCaseError::fail(format!("{e:?}")));
                        };
                        prop_assert_eq!(got, &error);
                    }
                    None => prop_assert_eq!(e, Error::Http { status }),
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn userinfo_values(
        status in prop_oneof![Just(200u16), Just(401u16), any::<u16>()],
        header in prop::option::of(www_authenticate()),
        body_error in prop::option::of((text(), prop::option::of(text()))),
        claims in prop::option::of(claims()),
    ) {
        let body_error = body_error.as_ref().map(|(e, d)| (e.as_str(), d.as_deref()));
        check_userinfo(status, header.as_deref(), body_error, claims.as_ref())?;
    }

    #[test]
    fn userinfo_json_text(text in json_claims()) {
        // The shell reads the body with JSON.parse; serde_json stands in here.
        let claims = serde_json::from_str::<UserInfoClaims>(&text).ok();
        check_userinfo(200, None, None, claims.as_ref())?;
        if let Some(claims) = &claims {
            check_signed(claims)?;
        }
    }

    #[test]
    fn signed_userinfo_values(claims in claims()) {
        check_signed(&claims)?;
    }

    #[test]
    fn a_signed_answer_is_told_by_its_media_type_alone(
        status in prop_oneof![3 => Just(200u16), 1 => any::<u16>()],
        media in mostly("application/jwt", &MEDIA),
        params in prop::option::of("[ -~]{0,16}"),
    ) {
        // RFC 9110 §8.3.1: parameters after `;` and the type's case do not matter.
        let content_type = match &params {
            Some(p) => format!("{media};{p}"),
            None => media.clone(),
        };
        let head = media.split(';').next().unwrap_or("").trim();
        let want = (200..300).contains(&status) && head.eq_ignore_ascii_case("application/jwt");
        prop_assert_eq!(is_signed_userinfo(status, Some(&content_type)), want);
        prop_assert!(!is_signed_userinfo(status, None));
    }

    #[test]
    fn www_authenticate_never_reports_an_empty_error(header in www_authenticate()) {
        if let Some((error, _)) = parse_www_authenticate(&header) {
            prop_assert!(!error.is_empty());
        }
    }

    #[test]
    fn www_authenticate_reads_back_what_was_quoted(
        before in prop::sample::select(&BEFORE[..]),
        scheme in prop::sample::select(vec!["Bearer", "bearer", "BEARER"]),
        error in "[^\u{0}]{1,12}",
        description in prop::option::of(any::<String>()),
        after in prop::sample::select(vec!["", ", Basic realm=\"r\"", ", Bearer error=\"second\""]),
    ) {
        let mut h = format!("{before}{scheme} realm=\"example\", error={}", quoted(&error));
        if let Some(d) = &description {
            h.push_str(&format!(", error_description={}", quoted(d)));
        }
        h.push_str(after);
        prop_assert_eq!(parse_www_authenticate(&h), Some((error, description)), "{}", h);
    }
}

fn check_signed(claims: &UserInfoClaims) -> Result<(), TestCaseError> {
    match validate_signed_userinfo(claims, ISSUER, CLIENT) {
        Ok(()) => {
            prop_assert_eq!(claims.iss.as_deref(), Some(ISSUER));
            let ours = match &claims.aud {
                Some(Audience::One(a)) => a == CLIENT,
                Some(Audience::Many(v)) => v.iter().any(|a| a == CLIENT),
                None => false,
            };
            prop_assert!(ours);
        }
        Err(e) => check_code(&e, SIGNED_USERINFO_CODES)?,
    }
    Ok(())
}
