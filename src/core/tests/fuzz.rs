//! Shared pieces of the property tests (`fuzz_*.rs`): the case budget, each entry point's
//! documented error codes, and generators for what the address bar hands the core (URLs,
//! query pieces); `fuzz_json.rs` has the JSON ones.
//!
//! The core reads network and address-bar input under `deny(indexing_slicing, unwrap_used, …)`,
//! so a panic on any input is a bug; each property also asserts something the code could get
//! wrong (a round trip, a documented code, a secret kept out of messages).

use proptest::prelude::*;

use crate::core::Error;

/// 256 cases a property keeps `cargo test` fast; `PROPTEST_CASES=100000 cargo test fuzz_`
/// runs longer. Set explicitly so a change of proptest's default cannot slow the suite.
pub(super) fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// Each entry point's `# Errors` list: a code outside it is a doc lie or a wrong branch.
pub(super) const CALLBACK_CODES: &[&str] = &["invalid_callback"];
pub(super) const HANDLE_CODES: &[&str] = &[
    "state_mismatch",
    "signin_expired",
    "iss_mismatch",
    "iss_missing",
    "oauth_error",
    "missing_code",
];
pub(super) const TOKEN_CODES: &[&str] = &[
    "oauth_error",
    "http_error",
    "invalid_response",
    "invalid_token_type",
    "missing_id_token",
];
pub(super) const METADATA_CODES: &[&str] = &["invalid_metadata", "issuer_mismatch"];
pub(super) const ID_TOKEN_CODES: &[&str] = &[
    "iss_mismatch",
    "aud_mismatch",
    "azp_mismatch",
    "missing_exp",
    "token_expired",
    "missing_iat",
    "iat_in_future",
    "nonce_mismatch",
    "missing_auth_time",
    "auth_time_too_old",
    "missing_sub",
    "sub_mismatch",
];
pub(super) const USERINFO_CODES: &[&str] = &[
    "oauth_error",
    "http_error",
    "invalid_response",
    "missing_sub",
    "sub_mismatch",
];
pub(super) const SIGNED_USERINFO_CODES: &[&str] = &["iss_mismatch", "aud_mismatch"];
pub(super) const JWT_CODES: &[&str] = &["invalid_jwt"];
pub(super) const SELECT_KEYS_CODES: &[&str] = &["invalid_jwt", "key_not_found"];
pub(super) const ALG_CODES: &[&str] = &["unsupported_alg"];

/// Fails the case unless `e`'s code is one `allowed` lists.
pub(super) fn check_code(e: &Error, allowed: &[&str]) -> Result<(), TestCaseError> {
    prop_assert!(
        allowed.contains(&e.code()),
        "undocumented code {} ({:?})",
        e.code(),
        e
    );
    Ok(())
}

#[test]
fn every_listed_code_is_in_the_readme_table() {
    // The README's table is what apps are promised; the lists above must not go beyond it.
    let readme = include_str!("../../../README.md");
    for codes in [
        CALLBACK_CODES,
        HANDLE_CODES,
        TOKEN_CODES,
        METADATA_CODES,
        ID_TOKEN_CODES,
        USERINFO_CODES,
        SIGNED_USERINFO_CODES,
        JWT_CODES,
        SELECT_KEYS_CODES,
        ALG_CODES,
    ] {
        for code in codes {
            assert!(readme.contains(&format!("`{code}`")), "{code}");
        }
    }
}

/// A value no generator below produces by chance: fed in as a token or code, it must never
/// come back in an error message or a `Debug` print (DESIGN.md: tokens are never logged).
pub(super) const MARKER: &str = "SeCrEt-MaRkEr-7f3a9c";

/// Any text, weighted toward what URL, form and header parsers split on.
pub(super) fn text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9%&=#?+/:@.~_,;\"\\\\\\[\\] -]{0,30}",
        "(%[0-9a-fA-F]{0,2}|[a-z&=.]){0,12}",
    ]
    .boxed()
}

/// Mostly `good`, so a validator gets past its early checks to the later ones; else a
/// near miss from `near` (non-empty) or any text.
pub(super) fn mostly(good: &'static str, near: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        6 => Just(good.to_string()),
        2 => prop::sample::select(near).prop_map(String::from),
        1 => text(),
    ]
    .boxed()
}

/// [`mostly`], or absent now and then.
pub(super) fn maybe(
    good: &'static str,
    near: &'static [&'static str],
) -> BoxedStrategy<Option<String>> {
    prop_oneof![1 => Just(None), 6 => mostly(good, near).prop_map(Some)].boxed()
}

/// Parameters an authorization response may carry (the list `address_bar.rs` strips).
pub(super) const RESPONSE_PARAMS: [&str; 7] = [
    "code",
    "state",
    "iss",
    "error",
    "error_description",
    "error_uri",
    "session_state",
];

/// `name` with the bytes picked by `bits` written as `%XX`, hex case picked too (`c%6Fde`).
pub(super) fn escape_some(name: &str, bits: u64) -> String {
    let mut out = String::new();
    for (i, b) in name.bytes().enumerate() {
        let i = i % 32;
        if bits >> i & 1 == 1 {
            let hex = if bits >> (32 + i) & 1 == 1 {
                "0123456789abcdef"
            } else {
                "0123456789ABCDEF"
            };
            out.push('%');
            out.push(char::from(hex.as_bytes()[usize::from(b >> 4)]));
            out.push(char::from(hex.as_bytes()[usize::from(b & 15)]));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// A response parameter name as written or spelled with escapes.
pub(super) fn escaped_response_name() -> BoxedStrategy<String> {
    (prop::sample::select(&RESPONSE_PARAMS[..]), any::<u64>())
        .prop_map(|(n, bits)| escape_some(n, bits))
        .boxed()
}

/// A parameter name: a response parameter as written, or the app's own (never an escape).
pub(super) fn plain_name() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(&RESPONSE_PARAMS[..]).prop_map(String::from),
        "[a-z_]{1,8}",
        // Near misses: prefixes and extensions must stay the app's.
        "(code|state|iss|error)[a-z_]{1,3}",
    ]
    .boxed()
}

/// A value that always decodes: no `&` or `#`, escapes only of printable ASCII.
pub(super) fn value() -> BoxedStrategy<String> {
    "([a-zA-Z0-9._~+=/?:-]|%[2-7][0-9A-F]){0,8}".boxed()
}

/// One `name` or `name=value` piece of a query or fragment.
pub(super) fn piece(name: BoxedStrategy<String>) -> BoxedStrategy<String> {
    (name, prop::option::of(value()))
        .prop_map(|(n, v)| match v {
            Some(v) => format!("{n}={v}"),
            None => n,
        })
        .boxed()
}

/// Absolute URLs in many spellings, near misses (userinfo, odd ports, brackets), and any text.
pub(super) fn url() -> BoxedStrategy<String> {
    let scheme = prop_oneof![
        "https",
        "http",
        "HTTPS",
        "hTTp",
        "[a-z][a-z0-9+.-]{0,4}",
        ""
    ];
    let host = prop_oneof![
        "op\\.example\\.com",
        "OP\\.Example\\.COM",
        "localhost",
        "127\\.0\\.0\\.1",
        "\\[::1\\]",
        "app\\.example\\.com@evil\\.example",
        "[a-z0-9.-]{0,8}",
        "\\[[0-9a-f:.]{0,6}\\]?",
    ];
    let port = prop::option::of(prop_oneof!["443", "80", "8080", "", "[0-9]{1,12}", "x"]);
    let path = "(/[a-zA-Z0-9%._~-]{0,6}){0,3}";
    let tail = prop::option::of("[a-zA-Z0-9%&=+._~/?:#-]{0,20}");
    let structured = (scheme, host, port, path, tail, tail_sep()).prop_map(
        |(scheme, host, port, path, tail, sep)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let tail = tail.map(|t| format!("{sep}{t}")).unwrap_or_default();
            format!("{scheme}://{host}{port}{path}{tail}")
        },
    );
    prop_oneof![6 => structured, 1 => text()].boxed()
}

fn tail_sep() -> impl Strategy<Value = char> {
    prop::sample::select(vec!['?', '#'])
}
