//! The page's address: read it, navigate away, or rewrite it without a reload.

use crate::browser::js;
use crate::core::Error;
use wasm_bindgen::{JsCast, JsValue};

fn window() -> Result<web_sys::Window, Error> {
    js::window().ok_or(Error::Unsupported("this call needs a browser window"))
}

/// A window's `location` (another origin's too: only reading its address throws).
pub fn location_of(window: &JsValue) -> web_sys::Location {
    js::get(window, "location").unchecked_into()
}

/// A window's address; None while it shows another origin.
pub fn href_of(window: &JsValue) -> Option<String> {
    js::get(&location_of(window), "href").as_string()
}

/// `location.href`.
pub fn current_url() -> Result<String, Error> {
    href_of(window()?.as_ref()).ok_or(Error::Unsupported("location.href is not readable"))
}

/// `location.assign(url)`: leaves the page.
pub fn navigate(url: &str) -> Result<(), Error> {
    location_of(window()?.as_ref())
        .assign(url)
        .map_err(|_| Error::Unsupported("navigation was refused"))
}

/// `history.replaceState(history.state, "", url)`: no reload, no new history entry.
pub fn replace_url(url: &str) {
    let Ok(window) = window() else { return };
    if let Some(history) = js::get_present(&window, "history") {
        let state = js::get(&history, "state");
        let history: web_sys::History = history.unchecked_into();
        let _ = history.replace_state_with_url(&state, "", Some(url));
    }
}
