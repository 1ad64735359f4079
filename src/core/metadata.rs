//! Provider metadata: discovery URL, validation (OIDC Discovery §3, §4.3) and the Descope preset.

use super::error::Error;
use super::url::{is_secure_endpoint, parse_absolute, strip_one_slash};

/// The provider metadata fields the client uses (OIDC Discovery §3, RFC 8414 §2, RFC 9207 §3).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userinfo_endpoint: Option<String>,
    pub jwks_uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_session_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introspection_endpoint: Option<String>,
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}

/// How long a discovery document fetched by one page of a tab serves the next
/// pages of that tab (the callback page after the sign-in page, a reload): it
/// saves a round trip on the callback, and providers change metadata rarely.
pub const DISCOVERY_REUSE_S: u64 = 3600;

/// Whether a discovery document fetched at `fetched_at` may still be reused.
pub fn is_discovery_reusable(fetched_at: u64, now: u64) -> bool {
    now >= fetched_at && now - fetched_at < DISCOVERY_REUSE_S
}

/// The discovery document URL: the authority without a trailing `/`, plus
/// `/.well-known/openid-configuration` (OIDC Discovery §4).
///
/// # Errors
/// `invalid_config` when the authority is not https (plain http only on loopback): over
/// cleartext an on-path attacker swaps the JWKS and forges ID tokens that verify.
pub fn discovery_url(authority: &str) -> Result<String, Error> {
    if !is_secure_endpoint(authority)
        || parse_absolute(authority).is_some_and(|p| p.query.is_some())
    {
        return Err(Error::InvalidConfig(
            "authority must be an https URL without query or fragment (http only on loopback)",
        ));
    }
    let base = strip_one_slash(authority);
    let mut url = String::with_capacity(base.len() + 33);
    url.push_str(base);
    url.push_str("/.well-known/openid-configuration");
    Ok(url)
}

/// Checks metadata before use; `expected_issuer` is the authority for discovered documents,
/// `None` for metadata the app gave explicitly.
///
/// # Errors
/// `invalid_metadata` (bad issuer or endpoint URL, no PKCE S256), `issuer_mismatch`.
pub fn validate_metadata(meta: &Metadata, expected_issuer: Option<&str>) -> Result<(), Error> {
    // OIDC Discovery §3: issuer is an absolute URL without query or fragment.
    let issuer_ok =
        parse_absolute(&meta.issuer).is_some_and(|p| p.query.is_none() && p.fragment.is_none());
    if !issuer_ok {
        return Err(Error::InvalidMetadata(
            "issuer must be an absolute URL without query or fragment",
        ));
    }
    // OIDC Discovery §3: the issuer uses https; plain http only on loopback, for development.
    if !is_secure_endpoint(&meta.issuer) {
        return Err(Error::InvalidMetadata(
            "issuer must be an https URL (http only on loopback)",
        ));
    }
    // OIDC Discovery §4.3: the document's issuer must be identical to the authority we asked;
    // we forgive only one trailing '/', which many providers and configs disagree on.
    if let Some(expected) = expected_issuer {
        if strip_one_slash(&meta.issuer) != strip_one_slash(expected) {
            return Err(Error::IssuerMismatch {
                expected: expected.into(),
                got: meta.issuer.clone(),
            });
        }
    }
    // RFC 6749 §3.1, §10.9: endpoints are TLS-protected; plain http only on loopback for dev.
    check_endpoint(
        &meta.authorization_endpoint,
        "authorization_endpoint must be an https URL",
    )?;
    check_endpoint(&meta.token_endpoint, "token_endpoint must be an https URL")?;
    check_endpoint(&meta.jwks_uri, "jwks_uri must be an https URL")?;
    check_optional(
        &meta.userinfo_endpoint,
        "userinfo_endpoint must be an https URL",
    )?;
    check_optional(
        &meta.end_session_endpoint,
        "end_session_endpoint must be an https URL",
    )?;
    check_optional(
        &meta.revocation_endpoint,
        "revocation_endpoint must be an https URL",
    )?;
    check_optional(
        &meta.introspection_endpoint,
        "introspection_endpoint must be an https URL",
    )?;
    // RFC 7636 §4.2 / RFC 8414 §2: a provider that lists its methods must list S256; an absent
    // list says nothing, and we send S256 anyway (DESIGN.md: PKCE S256 always).
    if let Some(methods) = &meta.code_challenge_methods_supported {
        if !methods.iter().any(|m| m == "S256") {
            return Err(Error::InvalidMetadata(
                "provider does not support PKCE S256",
            ));
        }
    }
    Ok(())
}

fn check_endpoint(url: &str, msg: &'static str) -> Result<(), Error> {
    if is_secure_endpoint(url) {
        Ok(())
    } else {
        Err(Error::InvalidMetadata(msg))
    }
}

fn check_optional(url: &Option<String>, msg: &'static str) -> Result<(), Error> {
    match url {
        Some(u) => check_endpoint(u, msg),
        None => Ok(()),
    }
}

/// Descope's API host; every preset endpoint hangs off it.
pub const DESCOPE_BASE: &str = "https://api.descope.com";

/// Metadata for a Descope project, without a discovery round trip.
///
/// # Errors
/// `invalid_config` when `project_id` is empty or not `[A-Za-z0-9_-]`.
pub fn descope_metadata(project_id: &str) -> Result<Metadata, Error> {
    let id_ok = !project_id.is_empty()
        && project_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !id_ok {
        return Err(Error::InvalidConfig(
            "projectId must be a non-empty Descope project ID ([A-Za-z0-9_-])",
        ));
    }
    Ok(Metadata {
        issuer: join(&[DESCOPE_BASE, "/", project_id]),
        authorization_endpoint: join(&[DESCOPE_BASE, "/oauth2/v1/authorize"]),
        token_endpoint: join(&[DESCOPE_BASE, "/oauth2/v1/token"]),
        userinfo_endpoint: Some(join(&[DESCOPE_BASE, "/oauth2/v1/userinfo"])),
        jwks_uri: join(&[DESCOPE_BASE, "/", project_id, "/.well-known/jwks.json"]),
        end_session_endpoint: Some(join(&[DESCOPE_BASE, "/oauth2/v1/logout"])),
        revocation_endpoint: Some(join(&[DESCOPE_BASE, "/oauth2/v1/revoke"])),
        introspection_endpoint: None,
        authorization_response_iss_parameter_supported: false,
        code_challenge_methods_supported: None,
    })
}

fn join(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}
