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

#[test]
fn same_endpoint_ignores_query_fragment_case_and_default_port() {
    use crate::core::url::same_endpoint;
    let base = "http://localhost:8080/silent.html";
    for same in [
        "http://localhost:8080/silent.html",
        "http://localhost:8080/silent.html?code=x&state=y",
        "http://localhost:8080/silent.html#state=y",
        "HTTP://LocalHost:8080/silent.html",
        "http://localhost:08080/silent.html",
    ] {
        assert!(same_endpoint(same, base), "{same}");
    }
    for other in [
        "http://localhost:8081/silent.html",
        "http://localhost/silent.html",
        "https://localhost:8080/silent.html",
        "http://127.0.0.1:8080/silent.html",
        "http://localhost:8080/Silent.html",
        "http://localhost:8080/silent.html/",
        "http://localhost:8080/",
        "http://localhost:8080",
        "http://evil.example/?r=http://localhost:8080/silent.html",
        "http://localhost:8080@evil.example/silent.html",
        "about:blank",
        "",
        "http://localhost:99999999999/silent.html",
    ] {
        assert!(!same_endpoint(other, base), "{other}");
    }
    assert!(same_endpoint(
        "https://a.example:443/cb",
        "https://a.example/cb"
    ));
    assert!(same_endpoint(
        "http://a.example:80/cb",
        "http://a.example/cb"
    ));
    assert!(!same_endpoint(
        "http://a.example:443/cb",
        "https://a.example/cb"
    ));
    assert!(same_endpoint("https://a.example", "https://a.example/"));
    assert!(same_endpoint("https://a.example?x#y", "https://a.example/"));
    assert!(same_endpoint(
        "http://[::1]:9000/cb?x",
        "http://[::1]:9000/cb"
    ));
    assert!(!same_endpoint("http://[::1]:9000/cb", "http://[::1]/cb"));
    assert!(same_endpoint("http://h:/cb", "http://h/cb"));
    assert!(same_endpoint("app://h/cb", "app://h/cb"));
    assert!(!same_endpoint("app://h:1/cb", "app://h/cb"));
}

#[test]
fn cross_site_as_cookies_see_it() {
    use crate::core::url::is_cross_site;
    // Same site: same registrable domain, ports and subdomains aside.
    assert!(!is_cross_site(
        "http://localhost:9000/auth",
        "http://localhost:8080"
    ));
    assert!(!is_cross_site(
        "https://auth.example.com/a",
        "https://app.example.com"
    ));
    assert!(!is_cross_site(
        "https://auth.example.co.uk/a",
        "https://www.example.co.uk"
    ));
    assert!(!is_cross_site(
        "https://example.com/a",
        "https://app.example.com"
    ));
    // Another site: another domain, another scheme, another IP.
    assert!(is_cross_site(
        "https://api.descope.com/oauth2/v1/authorize",
        "http://localhost:8080"
    ));
    assert!(is_cross_site(
        "https://api.descope.com/a",
        "https://app.example.com"
    ));
    assert!(is_cross_site(
        "https://a.example.co.uk/",
        "https://b.other.co.uk/"
    ));
    assert!(is_cross_site(
        "http://app.example.com/",
        "https://app.example.com/"
    ));
    assert!(is_cross_site(
        "http://127.0.0.1:9000/",
        "http://localhost:8080/"
    ));
    assert!(is_cross_site("not a url", "http://localhost:8080/"));
}

#[test]
fn a_port_beyond_65535_is_no_url() {
    // Found by the property tests: it parsed, yet was not the same endpoint as itself.
    assert!(parse_absolute("https://op.example.com:4300000000/").is_none());
    assert!(parse_absolute("https://op.example.com:65536/").is_none());
    assert!(parse_absolute("https://op.example.com:65535/").is_some());
    assert!(crate::core::url::same_endpoint(
        "https://op.example.com:65535/",
        "https://op.example.com:65535/"
    ));
}
