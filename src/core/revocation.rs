//! Token revocation (RFC 7009 §2.1 request, §2.2 response, §2.2.1 errors).

use super::config::Config;
use super::encode::push_pair;
use super::error::Error;
use super::http::HttpRequest;
use super::metadata::Metadata;
use super::session::Session;
use super::token::form_post;

/// The revocation request: a form POST naming the token, for a public client.
///
/// # Errors
/// `unsupported` when the provider has no `revocation_endpoint`.
pub fn revocation_request(
    meta: &Metadata,
    cfg: &Config,
    token: &str,
    token_type_hint: Option<&str>,
) -> Result<HttpRequest, Error> {
    let Some(endpoint) = &meta.revocation_endpoint else {
        return Err(Error::Unsupported(
            "the provider has no revocation_endpoint",
        ));
    };
    let mut body = String::new();
    push_pair(&mut body, "token", token);
    // §2.1: token_type_hint ("access_token", "refresh_token") only speeds up the lookup.
    if let Some(hint) = token_type_hint {
        push_pair(&mut body, "token_type_hint", hint);
    }
    // §2.1 / RFC 6749 §2.3: a public client has no credentials and names itself by client_id.
    push_pair(&mut body, "client_id", &cfg.client_id);
    Ok(form_post(endpoint, body))
}

/// Checks a revocation response; `body_error` is the JSON body's `error` and
/// `error_description`, if it had them.
///
/// # Errors
/// `oauth_error` (an error body on a non-2xx status, e.g. `unsupported_token_type`),
/// `http_error` (any other non-2xx status).
pub fn validate_revocation_response(
    status: u16,
    body_error: Option<(&str, Option<&str>)>,
) -> Result<(), Error> {
    // §2.2: 200 means revoked, and a token the server does not know counts as revoked; the
    // body is ignored. Other 2xx (204 from some servers) can only mean the same.
    if (200..300).contains(&status) {
        return Ok(());
    }
    // §2.2.1: errors are RFC 6749 §5.2 JSON, plus unsupported_token_type.
    if let Some((error, description)) = body_error {
        return Err(Error::OAuth {
            error: error.into(),
            error_description: description.map(Into::into),
        });
    }
    Err(Error::Http { status })
}

/// What `revoke()` with no argument sends, in order: the access token, then the
/// refresh token (DESIGN.md), each with its RFC 7009 §2.1 `token_type_hint`.
/// The access token goes first so that it is dead even if the second call fails.
pub fn session_revocations(session: &Session) -> Vec<(&str, &'static str)> {
    let mut tokens = vec![(session.access_token.secret(), "access_token")];
    if let Some(refresh_token) = &session.refresh_token {
        tokens.push((refresh_token.secret(), "refresh_token"));
    }
    tokens
}
