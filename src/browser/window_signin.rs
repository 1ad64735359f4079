//! A sign-in in another window: silent renew's hidden iframe (`prompt=none`) and the
//! sign-in popup. One flow for both: bind DPoP, begin the sign-in, send the window to
//! the provider, wait for its answer, check it against the pending sign-in, redeem the
//! code. The pending sign-in (verifier, state, nonce) stays in memory: this page both
//! starts and finishes the sign-in, so nothing is written to sessionStorage or left there.

use crate::browser::client::Client;
use crate::browser::signin::{complete, prepare};
use crate::browser::watch;
use crate::browser::{crypto, js};
use crate::core::{begin_signin, parse_callback_url, AuthorizeOptions, Error, SIGNIN_RANDOM_BYTES};
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub use crate::browser::watch::Opening;

/// Signs in through `opening`, waiting at most `timeout_ms` for the provider's answer.
/// `current` is the session a silent renewal renews: its user must not change, and its
/// `appState` carries over. A popup's sign-in is stored and scheduled like a redirect's.
///
/// # Errors
/// `crypto_error`, `invalid_config`, `storage_error`; `timeout`, `iframe_error`,
/// `popup_closed`; then the callback codes (`oauth_error`, `iss_mismatch`, …), the token
/// response codes and the ID token codes (`sub_mismatch` when the user changed).
pub async fn signin_in(
    client: &Rc<Client>,
    opening: Opening,
    mut opts: AuthorizeOptions,
    timeout_ms: u32,
    current: Option<&JsValue>,
) -> Result<JsValue, Error> {
    let silent = matches!(opening, Opening::HiddenFrame);
    if !silent && opts.redirect_uri.is_none() {
        opts.redirect_uri = client.cfg.popup_redirect_uri.clone();
    }
    // On an error from here on, `opening` is dropped: the popup closes.
    let mut random = [0u8; SIGNIN_RANDOM_BYTES];
    crypto::fill_random(&mut random)?;
    let (opts, pkce) = prepare(client, opts, true).await?;
    let (pending, url) = begin_signin(&client.cfg, &client.meta, opts, pkce, &random, js::now_s())?;
    let (redirect_uri, state) = (pending.redirect_uri.clone(), pending.state.clone());
    let answer = watch::wait(opening, &url, timeout_ms, redirect_uri, state).await?;
    let params = parse_callback_url(&answer)?;
    complete(client, &params, pending, current, silent).await
}
