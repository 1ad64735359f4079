//! Properties of the address-bar clean-up (RFC 9700 §4.2.4: the code must not linger in
//! history): no response parameter survives, as `parse_callback_url` would read it, and the
//! app's own parameters stay, in order.

use proptest::prelude::*;

use super::fuzz::{config, escaped_response_name, piece, plain_name, text, RESPONSE_PARAMS};
use crate::core::encode::parse_params;
use crate::core::{parse_callback_url, strip_callback_params};

const BASES: [&str; 3] = [
    "https://app.example/cb",
    "http://localhost:8080/",
    "https://app.example/a/b.html",
];

/// What a piece is to the parser: a response parameter, the app's, or not decodable at all.
#[derive(PartialEq)]
enum Kind {
    Response,
    App,
    Undecodable,
}

fn kind(piece: &str) -> Kind {
    match parse_params(piece) {
        Ok(pairs) => match pairs.first() {
            Some((name, _)) if RESPONSE_PARAMS.contains(&name.as_str()) => Kind::Response,
            _ => Kind::App,
        },
        Err(_) => Kind::Undecodable,
    }
}

/// `kept` must be `given` without its response pieces: app pieces all there, in order,
/// as written. An undecodable piece may go either way (it might be hiding a response name).
fn check_kept(given: &[String], kept: &[&str]) -> Result<(), TestCaseError> {
    let mut next = kept.iter().peekable();
    for piece in given {
        let matches = next.peek().is_some_and(|k| **k == piece.as_str());
        match kind(piece) {
            Kind::Response => prop_assert!(!matches, "response piece {} kept", piece),
            Kind::App => {
                prop_assert!(matches, "app piece {} dropped or moved", piece);
                next.next();
            }
            Kind::Undecodable => {
                if matches {
                    next.next();
                }
            }
        }
    }
    prop_assert!(next.next().is_none(), "a piece came from nowhere");
    Ok(())
}

/// A callback URL's parts: one of `BASES`, and a query and a fragment of pieces named by `name`.
fn url_parts(
    name: BoxedStrategy<String>,
) -> impl Strategy<Value = (usize, Option<Vec<String>>, Option<Vec<String>>)> {
    let pieces = prop::collection::vec(piece(name), 0..6);
    (
        0..BASES.len(),
        prop::option::of(pieces.clone()),
        prop::option::of(pieces),
    )
}

/// The `&`-separated pieces of a query or fragment, none when it is absent.
fn pieces(s: Option<&str>) -> Vec<&str> {
    s.map(|s| s.split('&').collect()).unwrap_or_default()
}

/// Strips the URL built from these parts and checks what is left, piece by piece.
fn check_strip(
    base: usize,
    query: Option<Vec<String>>,
    fragment: Option<Vec<String>>,
) -> Result<(), TestCaseError> {
    let mut u = BASES[base].to_string();
    if let Some(q) = &query {
        u.push('?');
        u.push_str(&q.join("&"));
    }
    if let Some(f) = &fragment {
        u.push('#');
        u.push_str(&f.join("&"));
    }
    let out = strip_callback_params(&u);
    let (head, out_fragment) = match out.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (out.as_str(), None),
    };
    let (path, out_query) = match head.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (head, None),
    };
    prop_assert_eq!(path, BASES[base], "{}", u);
    // An empty query or fragment is dropped along with its separator.
    prop_assert!(out_query != Some("") && out_fragment != Some(""), "{}", out);
    check_kept(&query.unwrap_or_default(), &pieces(out_query))?;
    check_kept(&fragment.unwrap_or_default(), &pieces(out_fragment))?;
    prop_assert!(
        parse_callback_url(&out).is_err(),
        "{} still reads as a response",
        out
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn strip_removes_response_params_and_keeps_the_apps(
        (base, query, fragment) in url_parts(plain_name()),
    ) {
        check_strip(base, query, fragment)?;
    }

    #[test]
    fn strip_removes_escaped_response_params_too(
        (base, query, fragment) in url_parts(
            prop_oneof![plain_name(), escaped_response_name(), "[a-zA-Z0-9%+._~-]{1,8}"].boxed(),
        ),
    ) {
        // `parse_callback_url` decodes names, so `c%6Fde=` is a code the address bar must lose.
        check_strip(base, query, fragment)?;
    }

    #[test]
    fn strip_is_idempotent_on_any_text(u in text()) {
        let once = strip_callback_params(&u);
        prop_assert_eq!(strip_callback_params(&once), once.clone());
        prop_assert!(once.len() <= u.len());
    }
}
