//! Silent renewal: the refresh-token grant when a refresh token is held, else a
//! hidden iframe with `prompt=none`. Single-flight within the tab, one tab at a
//! time across tabs (Web Locks), and a tab that waited adopts what the winner stored.

use crate::browser::client::Client;
use crate::browser::signin::{redeem, Redeem};
use crate::browser::storage::StorageKind;
use crate::browser::window_signin::{signin_in, Opening};
use crate::browser::{from_js, js, js_error, lock, schedule, session_store, timer};
use crate::core::{
    is_token_fresh, refresh_failure_falls_back_to_iframe, refresh_token_request, supersedes,
    AuthorizeOptions, Error, Session,
};
use js_sys::Promise;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// `signinSilent()`: resolves to the new session. Calls made while one renewal
/// runs get that renewal's promise.
pub fn signin_silent(client: &Rc<Client>) -> Promise {
    if let Some(running) = client.renewing.borrow().clone() {
        return running;
    }
    let task = client.clone();
    let promise = js::promise(async move {
        // Let the caller record this promise before any work can finish.
        let _ = JsFuture::from(Promise::resolve(&JsValue::UNDEFINED)).await;
        let outcome = renew_one_tab_at_a_time(&task).await;
        task.renewing.borrow_mut().take();
        match outcome {
            Ok((session, news)) => {
                task.reset_renew_schedule();
                // Already announced if this tab adopted it from another tab's message.
                if news {
                    task.events.emit("renewed", &session);
                }
                schedule::schedule(&task);
                Ok(session)
            }
            Err(error) => {
                schedule::schedule(&task);
                Err(js_error::to_js(&error))
            }
        }
    });
    *client.renewing.borrow_mut() = Some(promise.clone());
    promise
}

/// `getAccessToken()`: the stored access token while it is good for `min_validity_s`
/// more seconds, else the one a renewal brings (its error when it fails).
pub async fn access_token(client: &Rc<Client>, min_validity_s: u64) -> Result<JsValue, JsValue> {
    let now = js::now_s();
    let fresh = session_store::load_live(client, now)
        .filter(|(session, _)| is_token_fresh(session, min_validity_s, now));
    let session = match fresh {
        Some((_, object)) => object,
        None => JsFuture::from(signin_silent(client)).await?,
    };
    Ok(js::get(&session, "accessToken"))
}

/// Takes note of a session this tab now holds; false when it knew it already.
pub fn note(client: &Client, session: &Session) -> bool {
    let mut known = client.known_session.borrow_mut();
    if known
        .as_ref()
        .is_some_and(|k| k.access_token == session.access_token)
    {
        return false;
    }
    *known = Some(session.clone());
    true
}

/// Takes note of a session this tab stored and sends it to the other tabs (localStorage).
pub fn remember(client: &Client, session_object: &JsValue) -> bool {
    let Some(session) = from_js::session(session_object) else {
        return false;
    };
    // Only localStorage is shared: other tabs of session or memory storage keep their own.
    if client.options.storage == StorageKind::Local {
        if let Some(channel) = client.channel.borrow().as_ref() {
            channel.announce(session_object);
        }
    }
    note(client, &session)
}

/// How long a tab that waited for another tab's renewal gives that tab's message
/// to arrive before it concludes the other tab failed and renews itself.
const GRACE_MS: u32 = 200;

/// `(session, news)`: news is false when this tab had already adopted it.
async fn renew_one_tab_at_a_time(client: &Rc<Client>) -> Result<(JsValue, bool), Error> {
    let current = session_store::load_any(client);
    let before_sub = current.as_ref().and_then(|(_, o)| session_store::sub_of(o));
    let before = current.map(|(session, _)| session);
    let task = client.clone();
    // The longest a renewal can take: the refresh grant, then the iframe and its code
    // exchange, key set and userinfo, each within its own deadline.
    let max_hold_ms = client
        .options
        .silent_timeout_ms
        .saturating_add(client.options.request_timeout_ms.saturating_mul(5));
    lock::with_lock(
        &client.renew_lock_name(),
        max_hold_ms,
        move |waited| async move {
            let renewed_elsewhere = |client: &Client| {
                session_store::load_any(client).filter(|(stored, object)| {
                    supersedes(stored, before.as_ref(), js::now_s())
                        && session_store::is_adoptable_here(
                            client,
                            stored,
                            object,
                            before_sub.as_deref(),
                        )
                })
            };
            // The tab that held the lock renewed; its message may trail the lock by a moment.
            if waited && renewed_elsewhere(&task).is_none() {
                timer::sleep(GRACE_MS).await;
            }
            if let Some((stored, object)) = renewed_elsewhere(&task) {
                return Ok((object, note(&task, &stored)));
            }
            let object = renew_now(&task).await?;
            // Sent while the lock is still held, so a waiting tab hears it first.
            let news = remember(&task, &object);
            Ok((object, news))
        },
    )
    .await
}

async fn renew_now(client: &Rc<Client>) -> Result<JsValue, Error> {
    let current = session_store::load_any(client);
    if let Some((session, object)) = &current {
        if session.refresh_token.is_some() {
            match refresh(client, session, object).await {
                Err(error) if refresh_failure_falls_back_to_iframe(&error) => {}
                outcome => return outcome,
            }
        }
    }
    through_iframe(client, current.as_ref().map(|(_, object)| object)).await
}

fn claim(object: &JsValue, name: &str) -> Option<String> {
    from_js::string(&js::get(object, "claims"), name)
}

/// RFC 6749 §6 and OIDC Core §12.2: a new ID token, if any, must be verified and
/// keep the same `sub`; without one, the old claims stay.
async fn refresh(client: &Client, session: &Session, object: &JsValue) -> Result<JsValue, Error> {
    let Some(refresh_token) = &session.refresh_token else {
        return Err(Error::NoSession);
    };
    let request = refresh_token_request(&client.meta, &client.cfg, refresh_token);
    let sub = claim(object, "sub");
    redeem(
        client,
        &request,
        Redeem {
            nonce: None,
            max_age: None,
            sub: sub.as_deref(),
            app_state: js::get(object, "appState"),
            refreshed: Some((session, object)),
        },
    )
    .await
}

/// OIDC Core §3.1.2.1 `prompt=none` in a hidden iframe, then the same exchange
/// and verification as a redirect sign-in; the user must not change.
/// (A plain fn returning the flow's future: no second state machine around it.)
fn through_iframe<'a>(
    client: &'a Rc<Client>,
    current: Option<&'a JsValue>,
) -> impl Future<Output = Result<JsValue, Error>> + 'a {
    let options = AuthorizeOptions {
        prompt: Some("none".into()),
        redirect_uri: Some(
            client
                .cfg
                .silent_redirect_uri
                .clone()
                .unwrap_or_else(|| client.cfg.redirect_uri.clone()),
        ),
        ..AuthorizeOptions::default()
    };
    let timeout_ms = client.options.silent_timeout_ms;
    signin_in(client, Opening::HiddenFrame, options, timeout_ms, current)
}
