//! The Descope preset: provider metadata built from a project ID, without discovery,
//! following Descope's published URL rules (its SDKs' `DEFAULT_BASE_API_URL` and
//! `urlBuilder`; the OIDC endpoints and federated applications guides).

use super::error::Error;
use super::metadata::Metadata;
use super::url::{is_secure_endpoint, parse_absolute, strip_one_slash};

/// Descope's API host for projects in the default region.
pub const DESCOPE_BASE: &str = "https://api.descope.com";

/// What the app says about its Descope project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DescopeProject<'a> {
    pub project_id: &'a str,
    /// A custom domain (`https://auth.example.com`); default: the project's regional host.
    pub base_url: Option<&'a str>,
    /// A federated OIDC application of the project; default: the project's own.
    pub app_id: Option<&'a str>,
}

/// The region a project ID carries: the characters between the leading `P` and the last
/// 27 (Descope's `projectId.slice(1, -27)`); empty for projects in the default region.
pub fn descope_region(project_id: &str) -> &str {
    let end = project_id.len().saturating_sub(27);
    project_id.get(1..end.max(1)).unwrap_or("")
}

/// The API host a project ID implies: `https://api.<region>.descope.com`, or
/// [`DESCOPE_BASE`] for the default region.
pub fn descope_base_url(project_id: &str) -> String {
    match descope_region(project_id) {
        "" => DESCOPE_BASE.into(),
        region => join(&["https://api.", region, ".descope.com"]),
    }
}

/// A project or app ID goes into URL paths: one segment, nothing that could escape it.
fn is_path_segment(id: &str) -> bool {
    !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
}

/// Metadata for a Descope project (or one of its federated apps), without a discovery round trip:
/// issuer `<base>/<projectId>` (or `<base>/<projectId>/<appId>`), endpoints under
/// `<base>/oauth2/v1/`, keys at `<base>/<projectId>/.well-known/jwks.json`.
///
/// # Errors
/// `invalid_config` for a project or app ID that is not one URL path segment
/// (`[A-Za-z0-9-._~]`, not `.` or `..`), or a base URL that is not https (http only on
/// loopback) or carries a query, fragment or user info.
pub fn descope_metadata(project: &DescopeProject) -> Result<Metadata, Error> {
    if !is_path_segment(project.project_id) {
        return Err(Error::InvalidConfig(
            "projectId must be a Descope project ID ([A-Za-z0-9-._~])",
        ));
    }
    if project.app_id.is_some_and(|id| !is_path_segment(id)) {
        return Err(Error::InvalidConfig(
            "appId must be a Descope application ID ([A-Za-z0-9-._~])",
        ));
    }
    let base = match project.base_url {
        Some(url) => {
            let plain = parse_absolute(url).is_some_and(|p| p.query.is_none());
            if !plain || !is_secure_endpoint(url) {
                return Err(Error::InvalidConfig(
                    "baseUrl must be an https URL without query or fragment (http only on loopback)",
                ));
            }
            strip_one_slash(url).into()
        }
        None => descope_base_url(project.project_id),
    };
    let id = project.project_id;
    let issuer = match project.app_id {
        Some(app) => join(&[&base, "/", id, "/", app]),
        None => join(&[&base, "/", id]),
    };
    let endpoint = |name: &str| join(&[&base, "/oauth2/v1/", name]);
    Ok(Metadata {
        issuer,
        authorization_endpoint: endpoint("authorize"),
        token_endpoint: endpoint("token"),
        userinfo_endpoint: Some(endpoint("userinfo")),
        jwks_uri: join(&[&base, "/", id, "/.well-known/jwks.json"]),
        end_session_endpoint: Some(endpoint("logout")),
        revocation_endpoint: Some(endpoint("revoke")),
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
