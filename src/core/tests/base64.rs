use crate::core::base64::{decode_url_safe, encode_standard, encode_url_safe};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;

/// Deterministic pseudo-random bytes (xorshift), so the cross-check is repeatable.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn rfc_4648_vectors() {
    for (plain, standard) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(encode_standard(plain.as_bytes()), standard);
        let url = standard.trim_end_matches('=');
        assert_eq!(encode_url_safe(plain.as_bytes()), url);
        assert_eq!(decode_url_safe(url).unwrap(), plain.as_bytes());
    }
}

#[test]
fn agrees_with_the_base64_crate() {
    for len in 0..70 {
        for seed in 1..8 {
            let data = bytes(seed * 7919 + len as u64, len);
            let url = URL_SAFE_NO_PAD.encode(&data);
            assert_eq!(encode_url_safe(&data), url);
            assert_eq!(encode_standard(&data), STANDARD.encode(&data));
            assert_eq!(decode_url_safe(&url).unwrap(), data);
        }
    }
}

#[test]
fn refuses_what_strict_base64url_refuses() {
    for bad in [
        "Zg==", "Zm8=", "ab+c", "ab/c", "ab c", "abc.", "a", "abcde", "é",
        // Non-zero leftover bits: "Zh" would decode to "f" with bits set that "Zg" clears.
        "Zh", "Zm9", "Zm9vYh",
    ] {
        assert_eq!(decode_url_safe(bad), None, "{bad:?}");
        assert!(
            URL_SAFE_NO_PAD.decode(bad).is_err(),
            "the crate agrees on {bad:?}"
        );
    }
}
