use crate::core::url::{
    is_http_url, is_loopback, is_secure_endpoint, parse_absolute, strip_one_slash,
};

#[test]
fn splits_absolute_urls() {
    let p = parse_absolute("https://Op.Example:8443/a/b?x=1&y=2#frag?x").unwrap();
    assert_eq!(p.scheme, "https");
    assert_eq!(p.host, "Op.Example");
    assert_eq!(p.query, Some("x=1&y=2"));
    assert_eq!(p.fragment, Some("frag?x"));
    let p = parse_absolute("http://[::1]:9000?q").unwrap();
    assert_eq!((p.host, p.query, p.fragment), ("[::1]", Some("q"), None));
    assert_eq!(
        parse_absolute("http://127.0.0.1#f").unwrap().host,
        "127.0.0.1"
    );
    assert_eq!(parse_absolute("http://h:/").unwrap().host, "h");
}

#[test]
fn refuses_non_absolute_and_disguised_urls() {
    for bad in [
        "",
        "/callback",
        "callback",
        "//host/path",
        "javascript:alert(1)",
        "https://",
        "https:///path",
        "https://localhost@evil.example/",
        "https://a b/",
        "https://host\n/",
        "https://host:80x/",
        "https://[::1/",
        "https://[]/",
        "https://[::1]x/",
        "1http://host/",
        "ht tp://host/",
    ] {
        assert_eq!(parse_absolute(bad), None, "{bad:?}");
    }
}

#[test]
fn loopback_and_secure_endpoints() {
    assert!(is_loopback("localhost") && is_loopback("LOCALHOST"));
    assert!(is_loopback("127.0.0.1") && is_loopback("[::1]"));
    assert!(!is_loopback("localhost.evil.example") && !is_loopback("127.0.0.2"));
    assert!(is_secure_endpoint("https://op.example/x"));
    assert!(is_secure_endpoint("HTTPS://op.example/x"));
    assert!(is_secure_endpoint("http://localhost:9000/token"));
    assert!(is_secure_endpoint("http://[::1]:9000/token"));
    assert!(!is_secure_endpoint("http://op.example/x"));
    assert!(!is_secure_endpoint("http://localhost.evil.example/x"));
    assert!(!is_secure_endpoint("https://op.example/x#f"));
    assert!(!is_secure_endpoint("ftp://localhost/x"));
    assert!(is_http_url("http://app.example/cb") && !is_http_url("app://cb"));
    assert_eq!(strip_one_slash("https://a//"), "https://a/");
    assert_eq!(strip_one_slash("https://a"), "https://a");
}
