//! Recognising the answer to a silent-renew request (OIDC Core §3.1.2.6 with `prompt=none`,
//! RFC 6749 §4.1.2; DESIGN.md security rules: only our own state is accepted).

use super::callback::parse_callback_url;
use super::error::Error;
use super::url::{is_cross_site, same_endpoint};

/// Whether a URL seen in the silent-renew iframe (or posted by the silent page) is the answer
/// to our request.
///
/// True when `url` has the scheme, host, port and path of `redirect_uri` (query and fragment
/// aside) and a `state` parameter equal to `state`, read as [`parse_callback_url`] reads it
/// (query, else fragment for `response_mode=fragment`). So whenever this is true, the shell's
/// next step, `parse_callback_url(url)`, succeeds with that state. Anything else (the
/// provider's pages while the iframe loads, `about:blank`, another request's state, garbage)
/// is false: ignored, not an error.
pub fn is_silent_response(url: &str, redirect_uri: &str, state: &str) -> bool {
    // RFC 6749 §4.1.2: the answer comes back to the redirection endpoint we named.
    if state.is_empty() || !same_endpoint(url, redirect_uri) {
        return false;
    }
    // RFC 6749 §10.12: only the state we sent ties the response to our request.
    parse_callback_url(url).is_ok_and(|p| p.state.as_deref() == Some(state))
}

/// A silent (`prompt=none`) refusal, explained when third-party cookie blocking is the
/// likely cause: `login_required` or `interaction_required` from an authorization
/// endpoint on another site than `app_origin`, whose cookie browsers now withhold from
/// iframes by default. Any other error comes back unchanged.
pub fn explain_silent_refusal(
    error: Error,
    authorization_endpoint: &str,
    app_origin: &str,
) -> Error {
    match error {
        Error::OAuth {
            error,
            error_description,
        } if matches!(error.as_str(), "login_required" | "interaction_required")
            && is_cross_site(authorization_endpoint, app_origin) =>
        {
            Error::OAuthCrossSite {
                error,
                error_description,
            }
        }
        other => other,
    }
}
