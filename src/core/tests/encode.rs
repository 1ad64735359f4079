use crate::core::encode::{b64url_decode, b64url_encode, parse_params, percent_encode, push_pair};

fn enc(s: &str) -> String {
    let mut out = String::new();
    percent_encode(&mut out, s);
    out
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn percent_encoding_keeps_only_unreserved() {
    assert_eq!(enc("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(enc("a b+c&d=e/f?g#h%"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
    assert_eq!(enc("é"), "%C3%A9");
    assert_eq!(enc("https://a.b/c"), "https%3A%2F%2Fa.b%2Fc");
    assert_eq!(enc("\n\0"), "%0A%00");
}

#[test]
fn push_pair_separators() {
    let mut s = String::new();
    push_pair(&mut s, "a", "1");
    assert_eq!(s, "a=1");
    push_pair(&mut s, "b c", "2 3");
    assert_eq!(s, "a=1&b%20c=2%203");
    let mut s = String::from("https://x/?");
    push_pair(&mut s, "k", "v");
    assert_eq!(s, "https://x/?k=v");
    let mut s = String::from("https://x/?a=1&");
    push_pair(&mut s, "k", "");
    assert_eq!(s, "https://x/?a=1&k=");
}

#[test]
fn parse_form() {
    assert_eq!(
        parse_params("a=1&b=x+y&c=%2B%20&&d&e=f=g&=h").unwrap(),
        pairs(&[
            ("a", "1"),
            ("b", "x y"),
            ("c", "+ "),
            ("d", ""),
            ("e", "f=g"),
            ("", "h")
        ])
    );
    assert_eq!(parse_params("").unwrap(), pairs(&[]));
    assert_eq!(parse_params("&&&").unwrap(), pairs(&[]));
    assert_eq!(
        parse_params("x=%c3%a9%C3%A9").unwrap(),
        pairs(&[("x", "éé")])
    );
}

#[test]
fn parse_form_rejects_bad_escapes() {
    for bad in [
        "a=%", "a=%2", "a=%zz", "a=%2g", "%=1", "a=%FF", "a=%C3", "a=%C3%28", "a=%%41",
    ] {
        let e = parse_params(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_callback", "{bad}");
        assert_eq!(
            e.message(),
            "invalid authorization response: malformed percent-encoding"
        );
    }
}

#[test]
fn base64url_round_trip() {
    assert_eq!(b64url_encode(b""), "");
    assert_eq!(b64url_encode(b"f"), "Zg");
    assert_eq!(b64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(b64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
    assert_eq!(b64url_decode("").unwrap(), Vec::<u8>::new());
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(b64url_decode(&b64url_encode(&all)).unwrap(), all);
}

#[test]
fn base64url_is_strict() {
    // Padding, the standard alphabet, stray bits, whitespace and impossible lengths.
    for bad in [
        "Zg==", "Zg=", "+_8", "-/8", "Zh", "Zm9v\n", " Zm9v", "Z", "Zm9vY",
    ] {
        let e = b64url_decode(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_jwt", "{bad}");
        assert_eq!(e, crate::core::Error::InvalidJwt("bad base64url"));
    }
}
