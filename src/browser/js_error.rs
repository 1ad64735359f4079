//! Core errors as JS `Error`s with a stable `code` (and the provider's words for `oauth_error`).

use crate::core::Error;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::js;

pub fn to_js(failure: &Error) -> JsValue {
    let object: Object = js_sys::Error::new(&failure.message()).unchecked_into();
    js::set_str(&object, "name", "OidcError");
    js::set_str(&object, "code", failure.code());
    match failure {
        Error::OAuth {
            error,
            error_description,
        }
        | Error::OAuthCrossSite {
            error,
            error_description,
        } => {
            js::set_str(&object, "error", error);
            if let Some(description) = error_description {
                js::set_str(&object, "error_description", description);
            }
            if matches!(failure, Error::OAuthCrossSite { .. }) {
                js::set(&object, "thirdPartyCookiesLikely", &JsValue::TRUE);
            }
        }
        Error::Http { status } => js::set(&object, "status", &JsValue::from(*status)),
        _ => {}
    }
    object.into()
}

/// A caller's mistake in the options object, with serde's description of it.
pub fn invalid_options(detail: &str) -> JsValue {
    let object: Object = js_sys::Error::new(&{
        let mut message = String::from("invalid options: ");
        message.push_str(detail);
        message
    })
    .unchecked_into();
    js::set_str(&object, "name", "OidcError");
    js::set_str(&object, "code", "invalid_config");
    object.into()
}
