//! Properties of the absolute-URL reader and endpoint comparison (RFC 3986 §3, §6.2) on
//! arbitrary and near-miss URLs.

use proptest::prelude::*;

use super::fuzz::{config, url};
use crate::core::url::{parse_absolute, same_endpoint};

/// The parts of a well-formed URL, to build it and to know what parsing must return.
fn parts() -> impl Strategy<
    Value = (
        String,
        String,
        Option<u16>,
        String,
        Option<String>,
        Option<String>,
    ),
> {
    (
        "[a-zA-Z][a-zA-Z0-9+.-]{0,5}",
        prop_oneof!["[a-zA-Z0-9.-]{1,12}", "\\[[0-9a-fA-F:.]{1,12}\\]"],
        prop::option::of(any::<u16>()),
        "(/[a-zA-Z0-9%._~:@!$&'()*+,;=-]{0,6}){0,3}",
        prop::option::of("[a-zA-Z0-9%._~:@/?&=+-]{0,12}"),
        prop::option::of("[a-zA-Z0-9%._~:@/?&=+#-]{0,12}"),
    )
}

/// Upper-cases the ASCII letters picked by `bits`.
fn recase(s: &str, bits: u64) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if bits >> (i % 64) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Two URLs, the second often a respelling of the first so that some pairs match.
fn url_pair() -> impl Strategy<Value = (String, String)> {
    url().prop_flat_map(|a| {
        let b = prop_oneof![
            Just(a.clone()),
            Just(format!("{a}?q=1")),
            Just(format!("{a}#f")),
            Just(a.to_ascii_uppercase()),
            url(),
        ];
        (Just(a), b)
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_absolute_returns_the_parts_it_was_built_from(
        (scheme, host, port, path, query, fragment) in parts(),
    ) {
        let mut u = format!("{scheme}://{host}");
        if let Some(p) = port {
            u.push_str(&format!(":{p}"));
        }
        u.push_str(&path);
        if let Some(q) = &query {
            u.push_str(&format!("?{}", q));
        }
        if let Some(f) = &fragment {
            u.push_str(&format!("#{}", f));
        }
        let got = parse_absolute(&u).unwrap();
        prop_assert_eq!(got.scheme, scheme.as_str());
        prop_assert_eq!(got.host, host.as_str());
        prop_assert_eq!(got.query, query.as_deref());
        prop_assert_eq!(got.fragment, fragment.as_deref());
        prop_assert!(same_endpoint(&u, &u), "{}", u);
    }

    #[test]
    fn parse_absolute_only_returns_slices_of_a_clean_url(u in url()) {
        if let Some(p) = parse_absolute(&u) {
            prop_assert!(!u.bytes().any(|b| b <= b' ' || b == 0x7f));
            let rest = u.strip_prefix(p.scheme).and_then(|r| r.strip_prefix("://"));
            prop_assert!(rest.is_some_and(|r| r.starts_with(p.host)), "{:?}", p);
            // The host is never disguised by userinfo and never empty.
            prop_assert!(!p.host.is_empty() && !p.host.contains(['@', '/', '?', '#']));
            if let Some(f) = p.fragment {
                prop_assert!(u.ends_with(&format!("#{}", f)), "fragment {}", f);
            }
            if let Some(q) = p.query {
                prop_assert!(u.contains(&format!("?{}", q)), "query {}", q);
            }
        }
    }

    #[test]
    fn same_endpoint_is_symmetric_and_only_for_parsable_urls((a, b) in url_pair()) {
        let same = same_endpoint(&a, &b);
        prop_assert_eq!(same, same_endpoint(&b, &a));
        if same {
            prop_assert!(parse_absolute(&a).is_some() && parse_absolute(&b).is_some());
        }
    }

    #[test]
    fn same_endpoint_is_reflexive_for_every_url_that_parses(a in url()) {
        // Else a redirect URI that passed Config::validate could never match the silent answer.
        prop_assert_eq!(same_endpoint(&a, &a), parse_absolute(&a).is_some(), "{}", a);
    }

    #[test]
    fn same_endpoint_ignores_case_default_port_query_and_fragment(
        host in "[a-z0-9-]{1,10}(\\.[a-z0-9-]{1,6}){0,2}",
        path in "(/[a-zA-Z0-9._~-]{0,6}){0,3}",
        https in any::<bool>(),
        bits in any::<u64>(),
        tail in prop::option::of("[?#][a-zA-Z0-9=&#?]{0,10}"),
    ) {
        let (scheme, port) = if https { ("https", 443) } else { ("http", 80) };
        let plain = format!("{scheme}://{host}{path}");
        let spelled = format!(
            "{}://{}:{port}{}{}",
            recase(scheme, bits),
            recase(&host, bits.rotate_left(7)),
            if path.is_empty() { "/" } else { path.as_str() },
            tail.unwrap_or_default(),
        );
        prop_assert!(same_endpoint(&plain, &spelled), "{} vs {}", plain, spelled);
        // RFC 3986 §6.2.2.1: only scheme and host are case-insensitive, the path is not.
        let other_path = format!("{plain}/x");
        prop_assert!(!same_endpoint(&plain, &other_path));
        let other_port = format!("{scheme}://{host}:1{path}");
        prop_assert!(!same_endpoint(&plain, &other_port));
    }
}
