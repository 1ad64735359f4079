//! Leaving: RP-initiated logout (end session) and token revocation (RFC 7009).

use crate::browser::client::Client;
use crate::browser::{dpop, js, location, schedule, session_store};
use crate::core::{
    build_logout_url, revocation_request, session_revocations, validate_revocation_response, Error,
    LogoutOptions,
};
use std::rc::Rc;

/// The end-session URL for the stored session (`id_token_hint` from it).
///
/// # Errors
/// `unsupported` without an `end_session_endpoint`; `invalid_config`.
pub fn create_signout_url(client: &Client, mut options: LogoutOptions) -> Result<String, Error> {
    if options.id_token_hint.is_none() {
        options.id_token_hint = session_store::load_any(client).and_then(|(s, _)| s.id_token);
    }
    build_logout_url(&client.meta, &client.cfg, &options)
}

/// Removes the session, emits `signed_out`, then navigates to the end-session URL.
/// Without an end-session endpoint the session is still removed, and the call
/// fails with `unsupported` so the app can decide what to show.
pub async fn signout_redirect(client: &Rc<Client>, options: LogoutOptions) -> Result<(), Error> {
    let url = create_signout_url(client, options);
    session_store::sign_out_locally(client).await;
    schedule::schedule(client);
    location::navigate(&url?)
}

async fn revoke_one(client: &Client, token: &str, hint: Option<&str>) -> Result<(), Error> {
    let request = revocation_request(&client.meta, &client.cfg, token, hint)?;
    let response = dpop::send(client, &request, None).await?;
    let body = response.json();
    let error = body
        .as_ref()
        .and_then(|b| js::get(b, "error").as_string())
        .map(|e| {
            (
                e,
                body.as_ref()
                    .and_then(|b| js::get(b, "error_description").as_string()),
            )
        });
    validate_revocation_response(
        response.status,
        error.as_ref().map(|(e, d)| (e.as_str(), d.as_deref())),
    )
}

/// `revoke(token, hint)`: that token only, the session stays. `revoke()`: the
/// session's access token, then its refresh token; then the session is removed
/// (even when a revocation failed: the user asked to leave) and `signed_out` emitted.
///
/// # Errors
/// `no_session`, `unsupported` (no revocation endpoint), `oauth_error`,
/// `http_error`, `network_error`: the first failure, after the session is gone.
pub async fn revoke(
    client: &Rc<Client>,
    token: Option<String>,
    hint: Option<String>,
) -> Result<(), Error> {
    if let Some(token) = token {
        return revoke_one(client, &token, hint.as_deref()).await;
    }
    let (session, _) = session_store::load_any(client).ok_or(Error::NoSession)?;
    let mut outcome = Ok(());
    for (token, hint) in session_revocations(&session) {
        let revoked = revoke_one(client, token, Some(hint)).await;
        outcome = outcome.and(revoked);
    }
    session_store::sign_out_locally(client).await;
    schedule::schedule(client);
    outcome
}
