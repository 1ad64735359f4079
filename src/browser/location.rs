//! The page's address: read it, navigate away, or rewrite it without a reload.

use crate::core::Error;
use wasm_bindgen::JsValue;

fn window() -> Result<web_sys::Window, Error> {
    web_sys::window().ok_or(Error::Unsupported("this call needs a browser window"))
}

/// `location.href`.
pub fn current_url() -> Result<String, Error> {
    window()?
        .location()
        .href()
        .map_err(|_| Error::Unsupported("location.href is not readable"))
}

/// `location.assign(url)`: leaves the page.
pub fn navigate(url: &str) -> Result<(), Error> {
    window()?
        .location()
        .assign(url)
        .map_err(|_| Error::Unsupported("navigation was refused"))
}

/// `history.replaceState(history.state, "", url)`: no reload, no new history entry.
pub fn replace_url(url: &str) {
    if let Ok(history) = window().and_then(|w| {
        w.history()
            .map_err(|_| Error::Unsupported("history is not available"))
    }) {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(url));
    }
}
