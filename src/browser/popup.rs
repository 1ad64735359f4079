//! The sign-in popup window. Opened synchronously, since popup blockers (Safari's
//! above all) allow `window.open` only inside the user's click, before any await;
//! then watched until it comes back to our origin, is closed, or times out. The
//! watcher owns its timers and listener and closes the popup when dropped.

use crate::browser::iframe::{answer_listener, pending_answer, Accept};
use crate::browser::timer::Timer;
use crate::core::Error;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Window};

/// How often the popup's address and `closed` are looked at.
const POLL_MS: u32 = 100;

/// `window.open(url)` in a popup of its own; `popup_blocked` when the browser refuses.
pub fn open(url: &str) -> Result<Window, Error> {
    let window =
        web_sys::window().ok_or(Error::Unsupported("signinPopup needs a browser window"))?;
    window
        .open_with_url_and_target_and_features(
            url,
            "oidc-wasm-signin",
            "popup,width=520,height=680",
        )
        .ok()
        .flatten()
        .ok_or(Error::PopupBlocked)
}

struct Watch {
    window: Window,
    popup: Window,
    on_message: Closure<dyn FnMut(MessageEvent)>,
    _poll: Timer,
    _timeout: Timer,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.window.remove_event_listener_with_callback(
            "message",
            self.on_message.as_ref().unchecked_ref(),
        );
        let _ = self.popup.close();
    }
}

/// What the promise settles with besides the answer's URL.
const CLOSED: f64 = 0.0;
const TIMED_OUT: f64 = 1.0;

/// Resolves with the first URL `accept` takes: the popup's own address once it is back
/// on our origin (a static page needs no script), or a string it posts from our origin.
///
/// # Errors
/// `popup_closed` when the user closes it, `timeout` after `timeout_ms`.
pub async fn wait(popup: Window, timeout_ms: u32, accept: Accept) -> Result<String, Error> {
    let window =
        web_sys::window().ok_or(Error::Unsupported("signinPopup needs a browser window"))?;
    let our_origin = window.location().origin().unwrap_or_default();
    let (outcome, resolve) = pending_answer()?;
    let settle = |resolve: &Function, value: JsValue| {
        let _ = resolve.call1(&JsValue::NULL, &value);
    };

    let poll = {
        let (popup, accept, resolve) = (popup.clone(), accept.clone(), resolve.clone());
        Timer::every(POLL_MS, move || {
            if popup.closed().unwrap_or(true) {
                return settle(&resolve, JsValue::from_f64(CLOSED));
            }
            // Throws (Err) while the popup shows another origin, i.e. the provider.
            if let Ok(href) = popup.location().href() {
                if accept(&href) {
                    settle(&resolve, JsValue::from_str(&href));
                }
            }
        })
    };
    let on_message = {
        let popup = popup.clone();
        let sender = Box::new(move || Some(popup.clone()));
        answer_listener(our_origin, sender, accept, resolve.clone())
    };
    let timeout = {
        let resolve = resolve.clone();
        Timer::once(timeout_ms, move || {
            settle(&resolve, JsValue::from_f64(TIMED_OUT))
        })
    };
    let watch = Watch {
        window: window.clone(),
        popup,
        on_message,
        _poll: poll,
        _timeout: timeout,
    };
    let _ = window
        .add_event_listener_with_callback("message", watch.on_message.as_ref().unchecked_ref());

    let answer = JsFuture::from(outcome)
        .await
        .unwrap_or(JsValue::from_f64(TIMED_OUT));
    drop(watch);
    match answer.as_string() {
        Some(href) => Ok(href),
        None if answer.as_f64() == Some(CLOSED) => Err(Error::PopupClosed),
        None => Err(Error::Timeout),
    }
}
