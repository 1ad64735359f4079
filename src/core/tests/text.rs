//! The byte-level search and split helpers give what std's `str` methods give.

use crate::core::text::{before_any, contains, find_str, parse_u64, pieces, split_once};

#[test]
fn find_and_split_once_agree_with_std() {
    let cases = [
        ("https://a.example/x", "://"),
        ("no scheme here", "://"),
        ("a://b://c", "://"),
        ("://", "://"),
        ("é://ü", "://"),
        ("DPoP error=\"use_dpop_nonce\"", "use_dpop_nonce"),
        ("use_dpop_nonc", "use_dpop_nonce"),
        ("", "x"),
        ("abc", ""),
        ("a=b=c", "="),
        ("[::1]:443", "]"),
        ("ü#é", "#"),
    ];
    for (text, needle) in cases {
        assert_eq!(
            find_str(text, needle),
            text.find(needle),
            "{text:?} {needle:?}"
        );
        assert_eq!(contains(text, needle), text.contains(needle), "{text:?}");
        assert_eq!(
            split_once(text, needle),
            text.split_once(needle),
            "{text:?}"
        );
    }
}

#[test]
fn pieces_and_before_any_agree_with_std() {
    let texts = [
        "", "&", "a", "a&b", "&a&&b&", "é&ü&", "a.b.c", "x?y#z", "#", "/p?q",
    ];
    for text in texts {
        for sep in [b'&', b'.', b' '] {
            let ours: Vec<&str> = pieces(text, sep).collect();
            let std: Vec<&str> = text.split(char::from(sep)).collect();
            assert_eq!(ours, std, "{text:?} {sep}");
        }
        for stops in [&b"?#"[..], b"/?#", b""] {
            let std = text
                .split(|c: char| c.is_ascii() && stops.contains(&(c as u8)))
                .next();
            assert_eq!(Some(before_any(text, stops)), std, "{text:?}");
        }
    }
}

#[test]
fn parse_u64_reads_digits_only() {
    assert_eq!(parse_u64("0"), Some(0));
    assert_eq!(parse_u64("007"), Some(7));
    assert_eq!(parse_u64("18446744073709551615"), Some(u64::MAX));
    for bad in [
        "",
        "+1",
        "-1",
        " 1",
        "1 ",
        "1.0",
        "1e3",
        "18446744073709551616",
        "١",
    ] {
        assert_eq!(parse_u64(bad), None, "{bad:?}");
    }
}

// proptest is a native-only dev-dependency.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn on_any_text(text in "[a-c&.?#/é]{0,12}", needle in "[a-c&.]{0,3}") {
            prop_assert_eq!(find_str(&text, &needle), text.find(needle.as_str()));
            prop_assert_eq!(split_once(&text, &needle), text.split_once(needle.as_str()));
            let ours: Vec<&str> = pieces(&text, b'&').collect();
            prop_assert_eq!(ours, text.split('&').collect::<Vec<_>>());
            prop_assert_eq!(Some(before_any(&text, b"?#")), text.split(['?', '#']).next());
        }

        #[test]
        fn parse_u64_agrees_with_std_without_a_sign(text in "[0-9+ a-]{0,22}") {
            let std = text.parse::<u64>().ok().filter(|_| !text.starts_with('+'));
            prop_assert_eq!(parse_u64(&text), std);
        }
    }
}
