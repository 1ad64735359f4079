//! The redirect sign-in: store the pending sign-in and leave; on return, check the
//! callback, exchange the code, verify the ID token, store the session.

use crate::browser::client::{key_set, Client};
use crate::browser::renew::remember;
use crate::browser::userinfo::profile_for;
use crate::browser::verify::verify_id_token;
use crate::browser::{crypto, dpop, from_js, js, location, schedule, session_store, to_js};
use crate::core::{
    begin_signin, code_verifier_from_random, explain_silent_refusal, parse_callback_url,
    strip_callback_params, validate_token_response, AuthorizeOptions, CallbackParams, Error,
    ExpectCallback, HttpRequest, Pkce, Session, TokenResponse, SIGNIN_RANDOM_BYTES,
};
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Builds the authorization URL and stores its pending sign-in under its state.
///
/// # Errors
/// `invalid_config`, `crypto_error`, `storage_error`.
pub fn create_signin_url(
    client: &Client,
    opts: AuthorizeOptions,
    pkce: Pkce,
) -> Result<String, Error> {
    let mut random = [0u8; SIGNIN_RANDOM_BYTES];
    crypto::fill_random(&mut random)?;
    let now = js::now_s();
    remove_abandoned(client, now);
    let (pending, url) = begin_signin(&client.cfg, &client.meta, opts, pkce, &random, now)?;
    client.transactions.set_json(
        &client.transaction_key(&pending.state),
        &to_js::pending(&pending),
    )?;
    Ok(url)
}

/// Drops this client's pending sign-ins that were abandoned long ago (or unreadable).
fn remove_abandoned(client: &Client, now: u64) {
    for key in client
        .transactions
        .keys_with_prefix(&client.transaction_prefix())
    {
        let pending: Option<ExpectCallback> = client
            .transactions
            .get_json(&key)
            .and_then(|value| from_js::pending(&value));
        if pending.is_none_or(|p| p.is_abandoned(now)) {
            client.transactions.remove(&key);
        }
    }
}

/// Removes and returns the pending sign-in for `state`: a transaction is used once,
/// whatever happens next.
fn take_pending(client: &Client, state: &str) -> Option<ExpectCallback> {
    let key = client.transaction_key(state);
    let stored = client.transactions.get_json(&key);
    client.transactions.remove(&key);
    stored.and_then(|value| from_js::pending(&value))
}

/// Makes a sign-in ready to send: a fresh PKCE pair, and with DPoP the key pair at hand and
/// the code bound to it (`dpop_jkt`), unless a redirect with memory storage would lose the key.
///
/// # Errors
/// `crypto_error`, `storage_error`.
pub async fn prepare(
    client: &Client,
    mut opts: AuthorizeOptions,
    same_page: bool,
) -> Result<(AuthorizeOptions, Pkce), Error> {
    if client.options.dpop {
        dpop::ensure_keys(client).await?;
        dpop::bind_authorization(client, &mut opts, same_page)?;
    }
    let mut random = [0u8; 32];
    crypto::fill_random(&mut random)?;
    let verifier = code_verifier_from_random(&random);
    let challenge = crypto::s256(verifier.secret()).await?;
    Ok((
        opts,
        Pkce {
            verifier,
            challenge,
        },
    ))
}

thread_local! {
    /// The callback this page handled last (client, URL) and its outcome.
    static HANDLED: RefCell<Option<(String, String, Promise)>> = const { RefCell::new(None) };
}

/// Runs `start` for a callback once per page: a second call for the same client and
/// callback URL, or with no URL once the address bar is clean, gets the first call's
/// promise (React StrictMode runs effects twice; the code must be redeemed once). A new
/// page load starts afresh, and there the used transaction is gone (`state_mismatch`).
pub fn once_per_callback(
    client: &Rc<Client>,
    url: Option<String>,
    start: impl FnOnce(Rc<Client>, Option<String>) -> Promise,
) -> Promise {
    let key = client.session_key();
    let target = url
        .clone()
        .or_else(|| location::current_url().ok())
        .unwrap_or_default();
    let earlier = HANDLED.with(|handled| {
        handled
            .borrow()
            .as_ref()
            .and_then(|(k, handled_url, promise)| {
                let same_callback = *handled_url == target
                    || (url.is_none() && parse_callback_url(&target).is_err());
                (*k == key && same_callback).then(|| promise.clone())
            })
    });
    if let Some(promise) = earlier {
        return promise;
    }
    let promise = start(client.clone(), url);
    HANDLED.with(|handled| *handled.borrow_mut() = Some((key, target, promise.clone())));
    promise
}

/// Completes a redirect sign-in from `url` (default: the page's address).
///
/// # Errors
/// `invalid_callback`, `state_mismatch`, `iss_mismatch`, `iss_missing`, `oauth_error`,
/// `missing_code`, `network_error`, `http_error`, the token response codes and the
/// ID token codes. Nothing is stored on error.
pub async fn handle_callback(client: &Rc<Client>, url: Option<String>) -> Result<JsValue, Error> {
    let current = location::current_url().ok();
    let url = match url.or_else(|| current.clone()) {
        Some(url) => url,
        None => return Err(Error::Unsupported("no callback URL and no page address")),
    };
    // The code and state leave the address bar whatever happens next, also when
    // the app passed the page's own address in.
    if current.as_deref() == Some(url.as_str()) {
        location::replace_url(&strip_callback_params(&url));
    }
    let params = parse_callback_url(&url)?;
    let pending = params
        .state
        .as_deref()
        .and_then(|state| take_pending(client, state))
        .ok_or(Error::StateMismatch)?;
    complete(client, &params, pending, None, false).await
}

/// Checks the callback against the pending sign-in, redeems the code, stores the session.
/// `current` is the session a silent renewal renews: its user must not change, and its
/// `appState` carries over; a renewal's caller announces and schedules under its lock, so
/// only other sign-ins (redirect, popup) end in [`signed_in`] here.
pub async fn complete(
    client: &Rc<Client>,
    params: &CallbackParams,
    pending: ExpectCallback,
    current: Option<&JsValue>,
    silent: bool,
) -> Result<JsValue, Error> {
    let expect = pending
        .handle(params, &client.meta, &client.cfg, js::now_s())
        .map_err(|error| {
            if !silent {
                return error;
            }
            // Refused because the browser kept the provider's cookie out of the iframe?
            let app = location::current_url().unwrap_or_default();
            explain_silent_refusal(error, &client.meta.authorization_endpoint, &app)
        })?;
    let sub = current.and_then(|object| from_js::string(&js::get(object, "claims"), "sub"));
    let app_state = match current {
        Some(object) => js::get(object, "appState"),
        None => session_store::app_state_value(expect.app_state.as_deref()),
    };
    let session = redeem(
        client,
        &expect.request,
        Redeem {
            nonce: Some(&expect.nonce),
            max_age: expect.max_age,
            sub: sub.as_deref(),
            app_state,
            // A renewal comes here when no refresh token is held or the held one was
            // refused: none is carried over.
            refreshed: None,
        },
    )
    .await?;
    if !silent {
        signed_in(client, &session);
    }
    Ok(session)
}

/// A new session from a sign-in (redirect or popup): retries start over, other tabs
/// hear of it, and its renewal is scheduled.
pub fn signed_in(client: &Rc<Client>, session: &JsValue) {
    client.reset_renew_schedule();
    remember(client, session);
    schedule::schedule(client);
}

/// What a token request is checked against, beyond the client's configuration.
pub struct Redeem<'a> {
    pub nonce: Option<&'a str>,
    /// The `max_age` sent, if any (OIDC Core §3.1.3.7 (13)).
    pub max_age: Option<u64>,
    /// On renewal, the current session's `sub`: the user must not change.
    pub sub: Option<&'a str>,
    pub app_state: JsValue,
    /// A refresh-token grant (RFC 6749 §6): the session it renews and its stored object.
    pub refreshed: Option<(&'a Session, &'a JsValue)>,
}

/// Sends a token request, validates the answer and its ID token, stores the session.
/// One path for the code exchange and the refresh grant, whose answer may omit the ID
/// token (OIDC Core §12.2: the old claims stay), but whose new one, if any, is verified
/// and must keep the same `sub`.
pub async fn redeem(
    client: &Client,
    request: &HttpRequest,
    expect: Redeem<'_>,
) -> Result<JsValue, Error> {
    let refreshed = expect.refreshed;
    // The key set is fetched while a code exchange runs: verification needs it next.
    // (A refresh answer often has no ID token, so the refresh grant does not fetch it.)
    let prefetch = async {
        if refreshed.is_none() {
            let _ = key_set(client, false).await;
        }
    };
    let (response, _) = js::join(dpop::send(client, request, None), prefetch).await;
    let response = response?;
    let body: Option<TokenResponse> = response.json().and_then(|b| from_js::token_response(&b));
    let now = js::now_s();
    let tokens = validate_token_response(
        response.status,
        body.as_ref(),
        refreshed.is_none(),
        client.token_type(),
        now,
    )?;
    let (claims, id_token_exp) = match (&tokens.id_token, refreshed) {
        (Some(id_token), _) => {
            let verified = verify_id_token(
                client,
                id_token,
                expect.nonce,
                expect.sub,
                expect.max_age,
                now,
            )
            .await?;
            (
                verified.claims_js,
                verified.claims.exp.map(|exp| exp as u64),
            )
        }
        (None, Some((_, object))) => (js::get(object, "claims"), None),
        (None, None) => return Err(Error::MissingIdToken),
    };
    let profile = profile_for(client, &tokens.access_token, &claims).await?;
    let session = match refreshed {
        Some((previous, _)) => Session::from_refresh(tokens, previous, id_token_exp, now),
        None => Session::from_tokens(tokens, id_token_exp, None, now),
    };
    let object = session_store::to_js(&session, &claims, &profile, &expect.app_state);
    session_store::save(client, &object)?;
    Ok(object)
}
