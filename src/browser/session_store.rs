//! The session as the app sees it (a plain object) and as storage keeps it (JSON).

use crate::browser::broadcast::SIGNED_OUT;
use crate::browser::client::Client;
use crate::browser::dpop;
use crate::browser::{from_js, js, to_js};
use crate::core::{is_adoptable, supersedes, Error, Session};
use wasm_bindgen::JsValue;

/// The JS session object of DESIGN.md: the core's fields plus the verified
/// claims, the profile and the app's state.
pub fn to_js(
    session: &Session,
    claims: &JsValue,
    profile: &JsValue,
    app_state: &JsValue,
) -> JsValue {
    let object = to_js::session(session);
    js::set(&object, "claims", claims);
    js::set(&object, "profile", profile);
    if js::is_present(app_state) {
        js::set(&object, "appState", app_state);
    }
    object.into()
}

/// The app's state as it went out through the transaction (JSON text), back as a value.
pub fn app_state_value(app_state: Option<&str>) -> JsValue {
    app_state
        .and_then(js::parse_json)
        .unwrap_or(JsValue::UNDEFINED)
}

pub fn save(client: &Client, session: &JsValue) -> Result<(), Error> {
    client.sessions.set_json(&client.session_key(), session)
}

fn read_stored(client: &Client) -> Option<(Session, JsValue)> {
    let object = client.sessions.get_json(&client.session_key())?;
    let session = from_js::session(&object)?;
    Some((session, object))
}

/// The freshest session, whatever its age: `(protocol part, JS object)`. That is
/// the stored one, unless another tab just sent a newer one that this tab's view
/// of localStorage does not show yet.
pub fn load_any(client: &Client) -> Option<(Session, JsValue)> {
    let stored = read_stored(client);
    let heard = client
        .heard_session
        .borrow()
        .as_ref()
        .and_then(|object| from_js::session(object).map(|s| (s, object.clone())));
    match (stored, heard) {
        (Some(stored), Some(heard)) if supersedes(&heard.0, Some(&stored.0), js::now_s()) => {
            Some(heard)
        }
        (Some(stored), _) => Some(stored),
        (None, _) => None,
    }
}

/// The stored session while it is live (`now < expiresAt`), else None.
pub fn load_live(client: &Client, now: u64) -> Option<(Session, JsValue)> {
    load_any(client).filter(|(session, _)| session.is_live(now))
}

pub fn remove(client: &Client) {
    client.sessions.remove(&client.session_key());
    client.heard_session.borrow_mut().take();
}

/// Removes the session, tells the app (`signed_out`) and the client's other tabs, and
/// forgets the DPoP key pair the session's tokens were bound to (awaited: a redirect
/// that follows must not cut the IndexedDB delete short).
pub async fn sign_out_locally(client: &Client) {
    sign_out_here(client);
    if let Some(channel) = client.channel.borrow().as_ref() {
        channel.announce(&JsValue::from_str(SIGNED_OUT));
    }
    if client.options.dpop {
        dpop::delete_keys(client).await;
    }
}

/// Removes the session in this tab and tells the app (`signed_out`).
pub fn sign_out_here(client: &Client) {
    // The tab that signed out replaces the stored key pair; read it again when needed.
    client.dpop_keys.borrow_mut().take();
    remove(client);
    client.reset_renew_schedule();
    client.known_session.borrow_mut().take();
    client.events.emit("signed_out", &JsValue::NULL);
}

/// The user a session object's verified claims name.
pub fn sub_of(object: &JsValue) -> Option<String> {
    from_js::string(&js::get(object, "claims"), "sub")
}

/// Whether another tab's session (stored or broadcast) may replace ours, held for
/// `current_sub` (the core's `is_adoptable`: our issuer and client, the same user, sane times).
pub fn is_adoptable_here(
    client: &Client,
    session: &Session,
    object: &JsValue,
    current_sub: Option<&str>,
) -> bool {
    let claims = from_js::id_token_claims(&js::get(object, "claims"));
    is_adoptable(
        session,
        &claims,
        &client.meta.issuer,
        &client.cfg.client_id,
        current_sub,
        js::now_s(),
    )
}
