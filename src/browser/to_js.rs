//! Core structs written as plain JS objects by hand (see `from_js.rs` for why not serde).

use crate::browser::js;
use crate::core::{ExpectCallback, Metadata, Session};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

fn set_opt(object: &Object, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        js::set_str(object, key, value);
    }
}

fn set_seconds(object: &Object, key: &str, value: u64) {
    js::set(object, key, &JsValue::from_f64(value as f64));
}

/// The session's protocol part, camelCase (DESIGN.md's session object).
pub fn session(session: &Session) -> Object {
    let object = Object::new();
    js::set_str(&object, "accessToken", session.access_token.secret());
    set_opt(
        &object,
        "idToken",
        session.id_token.as_ref().map(|t| t.secret()),
    );
    set_opt(
        &object,
        "refreshToken",
        session.refresh_token.as_ref().map(|t| t.secret()),
    );
    js::set_str(&object, "tokenType", &session.token_type);
    set_opt(&object, "scope", session.scope.as_deref());
    set_seconds(&object, "expiresAt", session.expires_at);
    set_seconds(&object, "issuedAt", session.issued_at);
    object
}

/// A pending sign-in, for sessionStorage.
pub fn pending(pending: &ExpectCallback) -> Object {
    let object = Object::new();
    js::set_str(&object, "state", &pending.state);
    js::set_str(&object, "nonce", &pending.nonce);
    js::set_str(&object, "code_verifier", pending.code_verifier.secret());
    js::set_str(&object, "redirect_uri", &pending.redirect_uri);
    set_opt(&object, "app_state", pending.app_state.as_deref());
    set_seconds(&object, "created_at", pending.created_at);
    if let Some(max_age) = pending.max_age {
        set_seconds(&object, "max_age", max_age);
    }
    object
}

/// Provider metadata with its OIDC Discovery member names.
pub fn metadata(meta: &Metadata) -> Object {
    let object = Object::new();
    js::set_str(&object, "issuer", &meta.issuer);
    js::set_str(
        &object,
        "authorization_endpoint",
        &meta.authorization_endpoint,
    );
    js::set_str(&object, "token_endpoint", &meta.token_endpoint);
    set_opt(
        &object,
        "userinfo_endpoint",
        meta.userinfo_endpoint.as_deref(),
    );
    js::set_str(&object, "jwks_uri", &meta.jwks_uri);
    set_opt(
        &object,
        "end_session_endpoint",
        meta.end_session_endpoint.as_deref(),
    );
    set_opt(
        &object,
        "revocation_endpoint",
        meta.revocation_endpoint.as_deref(),
    );
    set_opt(
        &object,
        "introspection_endpoint",
        meta.introspection_endpoint.as_deref(),
    );
    js::set(
        &object,
        "authorization_response_iss_parameter_supported",
        &JsValue::from_bool(meta.authorization_response_iss_parameter_supported),
    );
    if let Some(methods) = &meta.code_challenge_methods_supported {
        let list: Array = methods.iter().map(|m| JsValue::from_str(m)).collect();
        js::set(&object, "code_challenge_methods_supported", &list);
    }
    object
}
