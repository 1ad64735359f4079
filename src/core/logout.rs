//! The RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0 §2, §3).

use super::config::{check_redirect, Config};
use super::encode::push_pair;
use super::error::Error;
use super::metadata::Metadata;
use super::secret::IdToken;
use super::text::contains;

/// Per-call options for one logout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogoutOptions {
    /// Overrides `cfg.post_logout_redirect_uri`.
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    /// The session's ID token, telling the provider whose session ends.
    pub id_token_hint: Option<IdToken>,
    /// Sent as-is after the protocol parameters (`ui_locales`, `logout_hint`, ...).
    pub extra_params: Vec<(String, String)>,
}

/// Parameters the logout URL sets itself; extra params may not override them.
const LOGOUT_PARAMS: [&str; 4] = [
    "id_token_hint",
    "client_id",
    "post_logout_redirect_uri",
    "state",
];

/// The URL to navigate to so the provider ends its session.
///
/// `end_session_endpoint` (its own query kept) with `id_token_hint` (if any), `client_id`,
/// `post_logout_redirect_uri` (from `opts`, else `cfg`, if any), `state` (if any), then the
/// extra params.
///
/// # Errors
/// `unsupported` (no `end_session_endpoint`), `invalid_config` (post-logout redirect URI not
/// an absolute http(s) URL, or an extra param naming a protocol parameter).
pub fn build_logout_url(
    meta: &Metadata,
    cfg: &Config,
    opts: &LogoutOptions,
) -> Result<String, Error> {
    let Some(endpoint) = &meta.end_session_endpoint else {
        return Err(Error::Unsupported(
            "the provider has no end_session_endpoint",
        ));
    };
    let redirect = opts
        .post_logout_redirect_uri
        .as_ref()
        .or(cfg.post_logout_redirect_uri.as_ref());
    // §2: the OP redirects only to a registered URI; an absolute http(s) URL is the least it is.
    if let Some(uri) = redirect {
        check_redirect(uri, "postLogoutRedirectUri must be an absolute http(s) URL")?;
    }
    if opts
        .extra_params
        .iter()
        .any(|(k, _)| LOGOUT_PARAMS.contains(&k.as_str()))
    {
        return Err(Error::InvalidConfig(
            "extra params may not override logout parameters",
        ));
    }

    let mut url = endpoint.clone();
    if !contains(&url, "?") {
        url.push('?');
    }
    // §2: id_token_hint is the only token ever put in a URL (DESIGN.md security rules).
    if let Some(hint) = &opts.id_token_hint {
        push_pair(&mut url, "id_token_hint", hint.secret());
    }
    // §2: client_id lets the OP check the hint and find the registered redirect URIs.
    push_pair(&mut url, "client_id", &cfg.client_id);
    if let Some(uri) = redirect {
        push_pair(&mut url, "post_logout_redirect_uri", uri);
    }
    // §2: state comes back on the post-logout redirect.
    if let Some(state) = &opts.state {
        push_pair(&mut url, "state", state);
    }
    for (k, v) in &opts.extra_params {
        push_pair(&mut url, k, v);
    }
    Ok(url)
}
