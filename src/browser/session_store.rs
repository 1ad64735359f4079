//! The session as the app sees it (a plain object) and as storage keeps it (JSON).

use crate::browser::client::Client;
use crate::browser::js;
use crate::core::{Error, Session};
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

/// The JS session object of DESIGN.md: the core's fields plus the verified
/// claims, the profile and the app's state.
pub fn to_js(
    session: &Session,
    claims: &JsValue,
    profile: &JsValue,
    app_state: &JsValue,
) -> JsValue {
    let object: Object = js::encode(session).unchecked_into();
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
    let text =
        js::stringify(session).ok_or(Error::Storage("the session could not be serialised"))?;
    client.sessions.set(&client.session_key(), &text)
}

/// The stored session, whatever its age: `(protocol part, JS object)`.
pub fn load_any(client: &Client) -> Option<(Session, JsValue)> {
    let text = client.sessions.get(&client.session_key())?;
    let object = js::parse_json(&text)?;
    let session: Session = js::decode(object.clone())?;
    Some((session, object))
}

/// The stored session while it is live (`now < expiresAt`), else None.
pub fn load_live(client: &Client, now: u64) -> Option<(Session, JsValue)> {
    load_any(client).filter(|(session, _)| session.is_live(now))
}

pub fn remove(client: &Client) {
    client.sessions.remove(&client.session_key());
}

/// Removes the session and tells the app (`signed_out`).
pub fn sign_out_locally(client: &Client) {
    remove(client);
    client.failed_renewals.set(0);
    client.known_session.set((0, 0));
    client.events.emit("signed_out", &JsValue::NULL);
}
