use super::{meta, ISSUER};
use crate::core::{
    descope_metadata, discovery_url, is_discovery_reusable, validate_metadata, Error, Metadata,
    DESCOPE_BASE,
};

fn invalid(m: &Metadata, expected: Option<&str>) -> Error {
    let e = validate_metadata(m, expected).unwrap_err();
    assert_eq!(e.code(), "invalid_metadata");
    e
}

#[test]
fn discovery_url_strips_one_slash() {
    let want = "http://localhost:9000/.well-known/openid-configuration";
    assert_eq!(discovery_url("http://localhost:9000").unwrap(), want);
    assert_eq!(discovery_url("http://localhost:9000/").unwrap(), want);
    assert_eq!(
        discovery_url("https://op.example/tenant/").unwrap(),
        "https://op.example/tenant/.well-known/openid-configuration"
    );
}

#[test]
fn a_cleartext_authority_is_refused_before_any_request() {
    for bad in [
        "http://op.example.com",
        "http://10.0.0.1:9000",
        "ftp://op.example.com",
        "https://op.example.com?x=1",
        "https://op.example.com#f",
        "op.example.com",
    ] {
        assert_eq!(
            discovery_url(bad).unwrap_err().code(),
            "invalid_config",
            "{bad}"
        );
    }
    assert!(discovery_url("http://127.0.0.1:9000").is_ok());
    assert!(discovery_url("http://[::1]:9000").is_ok());
}

#[test]
fn a_cleartext_issuer_is_refused() {
    // Given as metadata (no discovery): still https only, loopback excepted.
    let mut m = meta();
    m.issuer = "http://op.example.com".into();
    assert_eq!(
        invalid(&m, None),
        Error::InvalidMetadata("issuer must be an https URL (http only on loopback)")
    );
    m.issuer = "http://localhost:9000".into();
    assert_eq!(validate_metadata(&m, None), Ok(()));
}

#[test]
fn valid_metadata_passes() {
    assert_eq!(validate_metadata(&meta(), None), Ok(()));
    assert_eq!(validate_metadata(&meta(), Some(ISSUER)), Ok(()));
}

#[test]
fn issuer_mismatch() {
    let e = validate_metadata(&meta(), Some("https://other.example.com")).unwrap_err();
    assert_eq!(e.code(), "issuer_mismatch");
    assert_eq!(
        e,
        Error::IssuerMismatch {
            expected: "https://other.example.com".into(),
            got: ISSUER.into()
        }
    );
    // Scheme and path differences are mismatches; so is more than one slash.
    for other in [
        "http://op.example.com",
        "https://op.example.com/x",
        "https://op.example.com//",
    ] {
        assert_eq!(
            validate_metadata(&meta(), Some(other)).unwrap_err().code(),
            "issuer_mismatch"
        );
    }
}

#[test]
fn issuer_trailing_slash_forgiven_once() {
    assert_eq!(
        validate_metadata(&meta(), Some("https://op.example.com/")),
        Ok(())
    );
    let mut m = meta();
    m.issuer = "https://op.example.com/".into();
    assert_eq!(validate_metadata(&m, Some(ISSUER)), Ok(()));
}

#[test]
fn issuer_must_be_absolute_without_query_or_fragment() {
    for bad in [
        "",
        "op.example.com",
        "/issuer",
        "https://op.example.com?x=1",
        "https://op.example.com#f",
    ] {
        let mut m = meta();
        m.issuer = bad.into();
        assert_eq!(
            invalid(&m, None),
            Error::InvalidMetadata("issuer must be an absolute URL without query or fragment"),
            "{bad}"
        );
    }
}

#[test]
fn endpoints_must_be_https_except_loopback() {
    type Set = fn(&mut Metadata, String);
    let fields: [(Set, &str); 7] = [
        (
            |m, u| m.authorization_endpoint = u,
            "authorization_endpoint must be an https URL",
        ),
        (
            |m, u| m.token_endpoint = u,
            "token_endpoint must be an https URL",
        ),
        (|m, u| m.jwks_uri = u, "jwks_uri must be an https URL"),
        (
            |m, u| m.userinfo_endpoint = Some(u),
            "userinfo_endpoint must be an https URL",
        ),
        (
            |m, u| m.end_session_endpoint = Some(u),
            "end_session_endpoint must be an https URL",
        ),
        (
            |m, u| m.revocation_endpoint = Some(u),
            "revocation_endpoint must be an https URL",
        ),
        (
            |m, u| m.introspection_endpoint = Some(u),
            "introspection_endpoint must be an https URL",
        ),
    ];
    for (set, msg) in fields {
        for bad in [
            "http://op.example.com/x",
            "/relative",
            "",
            "https://op.example.com/x#f",
            "http://localhost.evil.example/x",
        ] {
            let mut m = meta();
            set(&mut m, bad.into());
            assert_eq!(invalid(&m, None), Error::InvalidMetadata(msg), "{bad}");
        }
        for ok in [
            "http://localhost:9000/x",
            "http://127.0.0.1/x",
            "http://[::1]:1/x",
            "https://op.example.com/x?a=b",
        ] {
            let mut m = meta();
            set(&mut m, ok.into());
            assert_eq!(validate_metadata(&m, None), Ok(()), "{ok}");
        }
    }
}

#[test]
fn local_dev_provider_is_accepted() {
    let m: Metadata = serde_json::from_str(
        r#"{"issuer":"http://localhost:9000","authorization_endpoint":"http://localhost:9000/auth",
            "token_endpoint":"http://localhost:9000/token","jwks_uri":"http://localhost:9000/jwks",
            "authorization_response_iss_parameter_supported":true}"#,
    )
    .unwrap();
    assert!(m.authorization_response_iss_parameter_supported);
    assert_eq!(m.userinfo_endpoint, None);
    assert_eq!(
        validate_metadata(&m, Some("http://localhost:9000/")),
        Ok(())
    );
}

#[test]
fn pkce_s256_required_when_methods_listed() {
    let mut m = meta();
    m.code_challenge_methods_supported = Some(vec!["plain".into()]);
    assert_eq!(
        invalid(&m, None),
        Error::InvalidMetadata("provider does not support PKCE S256")
    );
    m.code_challenge_methods_supported = Some(vec![]);
    assert_eq!(invalid(&m, None).code(), "invalid_metadata");
    m.code_challenge_methods_supported = None;
    assert_eq!(validate_metadata(&m, None), Ok(()));
}

#[test]
fn serialization_round_trip_skips_absent() {
    let m = descope_metadata("P2abc").unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert!(!json.contains("introspection_endpoint"), "{json}");
    assert!(!json.contains("code_challenge_methods_supported"), "{json}");
    assert!(json.contains("\"authorization_response_iss_parameter_supported\":false"));
    assert_eq!(serde_json::from_str::<Metadata>(&json).unwrap(), m);
}

#[test]
fn descope_preset_exact_urls() {
    let m = descope_metadata("P2abc_-9").unwrap();
    assert_eq!(DESCOPE_BASE, "https://api.descope.com");
    assert_eq!(m.issuer, "https://api.descope.com/P2abc_-9");
    assert_eq!(
        m.authorization_endpoint,
        "https://api.descope.com/oauth2/v1/authorize"
    );
    assert_eq!(m.token_endpoint, "https://api.descope.com/oauth2/v1/token");
    assert_eq!(
        m.userinfo_endpoint.as_deref(),
        Some("https://api.descope.com/oauth2/v1/userinfo")
    );
    assert_eq!(
        m.jwks_uri,
        "https://api.descope.com/P2abc_-9/.well-known/jwks.json"
    );
    assert_eq!(
        m.end_session_endpoint.as_deref(),
        Some("https://api.descope.com/oauth2/v1/logout")
    );
    assert_eq!(
        m.revocation_endpoint.as_deref(),
        Some("https://api.descope.com/oauth2/v1/revoke")
    );
    assert_eq!(m.introspection_endpoint, None);
    assert!(!m.authorization_response_iss_parameter_supported);
    assert_eq!(validate_metadata(&m, None), Ok(()));
    assert_eq!(
        validate_metadata(&m, Some("https://api.descope.com/P2abc_-9")),
        Ok(())
    );
}

#[test]
fn descope_rejects_bad_project_ids() {
    for bad in ["", "a/b", "a b", "../x", "a?b", "a#b", "é", "a.b"] {
        let e = descope_metadata(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_config", "{bad}");
    }
}

#[test]
fn a_discovered_document_is_reused_for_an_hour_only() {
    let t = 1_700_000_000;
    assert!(is_discovery_reusable(t, t));
    assert!(is_discovery_reusable(t, t + 3599));
    assert!(!is_discovery_reusable(t, t + 3600));
    // Saved "in the future" (a clock that moved back): fetch again.
    assert!(!is_discovery_reusable(t + 10, t));
}
