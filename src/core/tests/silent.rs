use crate::core::is_silent_response;

const SILENT: &str = "http://localhost:8080/silent.html";

#[test]
fn our_answer_in_query_or_fragment() {
    for url in [
        "http://localhost:8080/silent.html?code=c&state=st4te",
        "http://localhost:8080/silent.html?state=st4te&error=login_required",
        "http://localhost:8080/silent.html?state=st4te&iss=https%3A%2F%2Fop.example.com",
        "http://localhost:8080/silent.html#code=c&state=st4te",
        "http://localhost:8080/silent.html?unrelated=1#state=st4te&code=c",
        "http://LOCALHOST:8080/silent.html?state=st%34te",
    ] {
        assert!(is_silent_response(url, SILENT, "st4te"), "{url}");
    }
    assert!(is_silent_response(
        "https://app.example.com/cb?state=a%2Bb",
        "https://app.example.com:443/cb",
        "a+b"
    ));
}

#[test]
fn anything_else_is_ignored() {
    for url in [
        // The provider's own pages while the iframe loads.
        "https://op.example.com/authorize?state=st4te",
        "about:blank",
        "",
        "garbage",
        // Another page of ours, another port or scheme.
        "http://localhost:8080/callback?code=c&state=st4te",
        "http://localhost:8081/silent.html?code=c&state=st4te",
        "https://localhost:8080/silent.html?code=c&state=st4te",
        // Another request's state, or none.
        "http://localhost:8080/silent.html?code=c&state=other",
        "http://localhost:8080/silent.html?code=c&state=st4tex",
        "http://localhost:8080/silent.html?code=c",
        "http://localhost:8080/silent.html",
        "http://localhost:8080/silent.html?code=c&st4te",
        // Query answers first: its state is not ours, the fragment's is not read.
        "http://localhost:8080/silent.html?code=c&state=other#state=st4te",
        // Malformed or repeated parameters.
        "http://localhost:8080/silent.html?state=st4te&state=st4te",
        "http://localhost:8080/silent.html?code=%zz&state=st4te",
        // Disguised hosts.
        "http://localhost:8080@evil.example/silent.html?state=st4te",
        "http://evil.example/silent.html?state=st4te&r=http://localhost:8080/silent.html",
    ] {
        assert!(!is_silent_response(url, SILENT, "st4te"), "{url}");
    }
    // An empty expected state never matches, even an empty parameter.
    assert!(!is_silent_response(
        "http://localhost:8080/silent.html?state=",
        SILENT,
        ""
    ));
    // A bad redirect URI matches nothing.
    assert!(!is_silent_response(
        "http://localhost:8080/silent.html?state=st4te",
        "/silent.html",
        "st4te"
    ));
}

#[test]
fn a_cross_site_login_required_is_explained() {
    use crate::core::{explain_silent_refusal, Error};
    let refusal = |e: &str| Error::OAuth {
        error: e.into(),
        error_description: None,
    };
    let descope = "https://api.descope.com/oauth2/v1/authorize";
    let explained =
        explain_silent_refusal(refusal("login_required"), descope, "http://localhost:8080");
    assert_eq!(explained.code(), "oauth_error");
    assert!(
        matches!(explained, Error::OAuthCrossSite { ref error, .. } if error == "login_required")
    );
    assert!(
        explained.message().contains("refresh token"),
        "{}",
        explained.message()
    );
    // Same site: the cookie was sent, the user is simply signed out.
    let local = "http://localhost:9000/auth";
    assert_eq!(
        explain_silent_refusal(refusal("login_required"), local, "http://localhost:8080"),
        refusal("login_required")
    );
    // Other refusals are not about cookies.
    assert_eq!(
        explain_silent_refusal(
            refusal("consent_required"),
            descope,
            "http://localhost:8080"
        ),
        refusal("consent_required")
    );
    assert_eq!(
        explain_silent_refusal(Error::Timeout, descope, "http://localhost:8080"),
        Error::Timeout
    );
}
