use crate::core::{
    descope_base_url, descope_metadata, descope_region, validate_metadata, DescopeProject,
    Metadata, DESCOPE_BASE,
};

/// A project ID of the default region: `P` and 27 characters.
const DEFAULT_REGION: &str = "P2abcdefghijklmnopqrstuvwxyz";
/// The same with a region between the `P` and the last 27 characters.
const EU_REGION: &str = "Peuw12abcdefghijklmnopqrstuvwxyz";

fn preset(project_id: &str, base_url: Option<&str>, app_id: Option<&str>) -> Metadata {
    descope_metadata(&DescopeProject {
        project_id,
        base_url,
        app_id,
    })
    .unwrap()
}

fn refused(project_id: &str, base_url: Option<&str>, app_id: Option<&str>) -> &'static str {
    descope_metadata(&DescopeProject {
        project_id,
        base_url,
        app_id,
    })
    .unwrap_err()
    .code()
}

#[test]
fn the_region_is_read_from_the_project_id() {
    assert_eq!(DEFAULT_REGION.len(), 28);
    assert_eq!(descope_region(DEFAULT_REGION), "");
    assert_eq!(descope_region(EU_REGION), "euw1");
    // Shorter than a real ID (tests, old projects): no region, as slice(1, -27) gives.
    assert_eq!(descope_region("P2abc"), "");
    assert_eq!(descope_region(""), "");
    assert_eq!(descope_base_url(DEFAULT_REGION), DESCOPE_BASE);
    assert_eq!(descope_base_url(EU_REGION), "https://api.euw1.descope.com");
}

#[test]
fn default_region_exact_urls() {
    let m = preset(DEFAULT_REGION, None, None);
    let base = "https://api.descope.com";
    assert_eq!(m.issuer, format!("{base}/{DEFAULT_REGION}"));
    assert_eq!(
        m.authorization_endpoint,
        format!("{base}/oauth2/v1/authorize")
    );
    assert_eq!(m.token_endpoint, format!("{base}/oauth2/v1/token"));
    assert_eq!(
        m.userinfo_endpoint,
        Some(format!("{base}/oauth2/v1/userinfo"))
    );
    assert_eq!(
        m.end_session_endpoint,
        Some(format!("{base}/oauth2/v1/logout"))
    );
    assert_eq!(
        m.revocation_endpoint,
        Some(format!("{base}/oauth2/v1/revoke"))
    );
    assert_eq!(
        m.jwks_uri,
        format!("{base}/{DEFAULT_REGION}/.well-known/jwks.json")
    );
    assert_eq!(validate_metadata(&m, Some(&m.issuer.clone())), Ok(()));
}

#[test]
fn a_regional_project_gets_its_regional_host() {
    let m = preset(EU_REGION, None, None);
    assert_eq!(
        m.issuer,
        format!("https://api.euw1.descope.com/{EU_REGION}")
    );
    assert_eq!(
        m.token_endpoint,
        "https://api.euw1.descope.com/oauth2/v1/token"
    );
    assert_eq!(
        m.jwks_uri,
        format!("https://api.euw1.descope.com/{EU_REGION}/.well-known/jwks.json")
    );
}

#[test]
fn a_custom_domain_moves_every_url() {
    for base in ["https://auth.example.com", "https://auth.example.com/"] {
        let m = preset(EU_REGION, Some(base), None);
        assert_eq!(m.issuer, format!("https://auth.example.com/{EU_REGION}"));
        assert_eq!(
            m.authorization_endpoint,
            "https://auth.example.com/oauth2/v1/authorize"
        );
        assert_eq!(
            m.revocation_endpoint.as_deref(),
            Some("https://auth.example.com/oauth2/v1/revoke")
        );
        assert_eq!(
            m.jwks_uri,
            format!("https://auth.example.com/{EU_REGION}/.well-known/jwks.json")
        );
    }
}

#[test]
fn a_federated_app_has_its_own_issuer_and_the_projects_keys() {
    let m = preset(
        DEFAULT_REGION,
        Some("https://auth.example.com"),
        Some("my-app.1"),
    );
    assert_eq!(
        m.issuer,
        format!("https://auth.example.com/{DEFAULT_REGION}/my-app.1")
    );
    assert_eq!(m.token_endpoint, "https://auth.example.com/oauth2/v1/token");
    assert_eq!(
        m.jwks_uri,
        format!("https://auth.example.com/{DEFAULT_REGION}/.well-known/jwks.json")
    );
}

#[test]
fn malformed_ids_and_base_urls_are_refused() {
    for bad in [
        "", "a/b", "a b", "..", ".", "a?b", "a#b", "é", "a%2Fb", "a\\b",
    ] {
        assert_eq!(
            refused(bad, None, None),
            "invalid_config",
            "projectId {bad:?}"
        );
        assert_eq!(
            refused(DEFAULT_REGION, None, Some(bad)),
            "invalid_config",
            "appId {bad:?}"
        );
    }
    for bad in [
        "http://auth.example.com",
        "https://auth.example.com?x=1",
        "https://auth.example.com#f",
        "https://user@auth.example.com",
        "auth.example.com",
        "",
    ] {
        assert_eq!(
            refused(DEFAULT_REGION, Some(bad), None),
            "invalid_config",
            "baseUrl {bad:?}"
        );
    }
    // Loopback http stays usable for local development.
    assert!(descope_metadata(&DescopeProject {
        project_id: DEFAULT_REGION,
        base_url: Some("http://localhost:9000"),
        app_id: None,
    })
    .is_ok());
}
