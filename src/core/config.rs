//! The client's own settings (RFC 6749 §2.2 client_id, §3.1.2 redirection endpoint;
//! OIDC Core §3.1.2.1 scope) and their validation.

use super::error::Error;
use super::text::pieces;
use super::url::{is_http_url, parse_absolute};

/// Client settings the protocol needs; the shell owns the rest (storage, timers, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub client_id: String,
    pub redirect_uri: String,
    pub silent_redirect_uri: Option<String>,
    /// Where the sign-in popup lands; default `redirect_uri`.
    pub popup_redirect_uri: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    /// Space-separated scopes; must include `openid`. Default `"openid"`.
    pub scope: String,
    /// Tolerance for the provider's timestamps (exp, iat), seconds. Default 300.
    pub clock_skew_s: u64,
    /// Sent as-is on every authorization request, after the protocol parameters.
    pub extra_authorize_params: Vec<(String, String)>,
}

/// Parameters the core sets itself; extra params may not override them.
pub(crate) const PROTOCOL_PARAMS: [&str; 8] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
];

impl Config {
    /// A config with default scope (`openid`), 300 s clock skew and nothing optional.
    pub fn new(client_id: String, redirect_uri: String) -> Self {
        Config {
            client_id,
            redirect_uri,
            silent_redirect_uri: None,
            popup_redirect_uri: None,
            post_logout_redirect_uri: None,
            scope: "openid".into(),
            clock_skew_s: 300,
            extra_authorize_params: Vec::new(),
        }
    }

    /// Checks the settings once, before any request.
    ///
    /// # Errors
    /// `invalid_config` naming the bad setting.
    pub fn validate(&self) -> Result<(), Error> {
        if self.client_id.is_empty() {
            return Err(Error::InvalidConfig("clientId must not be empty"));
        }
        check_redirect(
            &self.redirect_uri,
            "redirectUri must be an absolute http(s) URL without a fragment",
        )?;
        if let Some(u) = &self.silent_redirect_uri {
            check_redirect(
                u,
                "silentRedirectUri must be an absolute http(s) URL without a fragment",
            )?;
        }
        if let Some(u) = &self.popup_redirect_uri {
            check_redirect(
                u,
                "popupRedirectUri must be an absolute http(s) URL without a fragment",
            )?;
        }
        if let Some(u) = &self.post_logout_redirect_uri {
            check_redirect(u, "postLogoutRedirectUri must be an absolute http(s) URL")?;
        }
        // OIDC Core §3.1.2.1: without the openid scope the request is plain OAuth, no ID token.
        if !pieces(&self.scope, b' ').any(|s| s == "openid") {
            return Err(Error::InvalidConfig("scope must include openid"));
        }
        check_extra_params(&self.extra_authorize_params)
    }
}

/// RFC 6749 §3.1.2: the redirection URI is absolute and has no fragment.
pub(crate) fn check_redirect(uri: &str, msg: &'static str) -> Result<(), Error> {
    let ok = is_http_url(uri) && parse_absolute(uri).is_some_and(|p| p.fragment.is_none());
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidConfig(msg))
    }
}

/// Extra authorization parameters may not replace the ones PKCE, state and nonce rely on.
pub(crate) fn check_extra_params(params: &[(String, String)]) -> Result<(), Error> {
    if params
        .iter()
        .any(|(k, _)| PROTOCOL_PARAMS.contains(&k.as_str()))
    {
        return Err(Error::InvalidConfig(
            "extra params may not override protocol parameters",
        ));
    }
    Ok(())
}
