//! Plain JS values (from `JSON.parse`) read into the core's structs by hand.
//! serde-wasm-bindgen would do the same in a line each, but its generic
//! deserializer and the formatting it drags in cost more bytes than the whole
//! protocol core; the core keeps its serde derives for the native tests.

use crate::browser::js;
use crate::core::{
    AccessToken, Audience, CodeVerifier, ExpectCallback, IdToken, IdTokenClaims, Jwk, JwkSet,
    JwsHeader, Metadata, RefreshToken, Session, TokenResponse, UserInfoClaims,
};
use wasm_bindgen::JsValue;

/// A plain object (not null, not an array).
pub fn is_object(value: &JsValue) -> bool {
    value.is_object() && !js::is_array(value)
}

pub fn string(object: &JsValue, key: &str) -> Option<String> {
    js::string(&js::get(object, key))
}

pub fn number(object: &JsValue, key: &str) -> Option<f64> {
    js::get(object, key).as_f64()
}

/// A non-negative whole number of seconds.
pub fn seconds(object: &JsValue, key: &str) -> Option<u64> {
    number(object, key)
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map(|n| n as u64)
}

pub fn boolean(object: &JsValue, key: &str) -> Option<bool> {
    js::get(object, key).as_bool()
}

/// Whether `key` is there at all (even as null).
pub fn has(object: &JsValue, key: &str) -> bool {
    !js::get(object, key).is_undefined()
}

/// An array of strings; anything else (or one non-string member) is None.
pub fn strings(object: &JsValue, key: &str) -> Option<Vec<String>> {
    let value = js::get(object, key);
    if !js::is_array(&value) {
        return None;
    }
    let mut strings = Vec::new();
    for i in 0..js::length(&value) {
        strings.push(js::string(&js::item(&value, i))?);
    }
    Some(strings)
}

fn audience(object: &JsValue, key: &str) -> Option<Audience> {
    string(object, key)
        .map(Audience::One)
        .or_else(|| strings(object, key).map(Audience::Many))
}

/// A discovery document or explicit metadata (OIDC Discovery §3 names).
pub fn metadata(value: &JsValue) -> Option<Metadata> {
    if !is_object(value) {
        return None;
    }
    Some(Metadata {
        issuer: string(value, "issuer")?,
        authorization_endpoint: string(value, "authorization_endpoint")?,
        token_endpoint: string(value, "token_endpoint")?,
        userinfo_endpoint: string(value, "userinfo_endpoint"),
        jwks_uri: string(value, "jwks_uri")?,
        end_session_endpoint: string(value, "end_session_endpoint"),
        revocation_endpoint: string(value, "revocation_endpoint"),
        introspection_endpoint: string(value, "introspection_endpoint"),
        authorization_response_iss_parameter_supported: boolean(
            value,
            "authorization_response_iss_parameter_supported",
        )
        .unwrap_or(false),
        code_challenge_methods_supported: strings(value, "code_challenge_methods_supported"),
    })
}

/// A token endpoint answer; every member is optional here, the core judges.
pub fn token_response(value: &JsValue) -> Option<TokenResponse> {
    if !is_object(value) {
        return None;
    }
    Some(TokenResponse {
        access_token: string(value, "access_token").map(AccessToken::new),
        token_type: string(value, "token_type"),
        expires_in: number(value, "expires_in"),
        refresh_token: string(value, "refresh_token").map(RefreshToken::new),
        id_token: string(value, "id_token").map(IdToken::new),
        scope: string(value, "scope"),
        error: string(value, "error"),
        error_description: string(value, "error_description"),
    })
}

pub fn jws_header(value: &JsValue) -> Option<JwsHeader> {
    if !is_object(value) {
        return None;
    }
    Some(JwsHeader {
        alg: string(value, "alg")?,
        kid: string(value, "kid"),
        typ: string(value, "typ"),
        // Any `crit` at all must reach the core, which refuses it (RFC 7515 §4.1.11).
        crit: has(value, "crit")
            .then(|| strings(value, "crit").unwrap_or_else(|| vec![String::new()])),
    })
}

fn jwk(value: &JsValue) -> Option<Jwk> {
    if !is_object(value) {
        return None;
    }
    Some(Jwk {
        kty: string(value, "kty")?,
        kid: string(value, "kid"),
        alg: string(value, "alg"),
        use_: string(value, "use"),
        crv: string(value, "crv"),
        n: string(value, "n"),
        e: string(value, "e"),
        x: string(value, "x"),
        y: string(value, "y"),
        key_ops: strings(value, "key_ops"),
    })
}

/// A JWKS document; keys we cannot read are skipped, not fatal (RFC 7517 §5).
pub fn jwk_set(value: &JsValue) -> Option<JwkSet> {
    let keys = js::get(value, "keys");
    if !js::is_array(&keys) {
        return None;
    }
    let mut set = JwkSet { keys: Vec::new() };
    for i in 0..js::length(&keys) {
        if let Some(key) = jwk(&js::item(&keys, i)) {
            set.keys.push(key);
        }
    }
    Some(set)
}

/// ID token claims; a claim of the wrong JSON type reads as absent, which the
/// core then refuses as missing or mismatched.
pub fn id_token_claims(value: &JsValue) -> IdTokenClaims {
    IdTokenClaims {
        iss: string(value, "iss"),
        sub: string(value, "sub"),
        aud: audience(value, "aud"),
        exp: number(value, "exp"),
        iat: number(value, "iat"),
        nonce: string(value, "nonce"),
        azp: string(value, "azp"),
        auth_time: number(value, "auth_time"),
    }
}

pub fn userinfo_claims(value: &JsValue) -> UserInfoClaims {
    UserInfoClaims {
        sub: string(value, "sub"),
        iss: string(value, "iss"),
        aud: audience(value, "aud"),
    }
}

/// A stored session (camelCase, as `to_js::session` wrote it).
pub fn session(value: &JsValue) -> Option<Session> {
    if !is_object(value) {
        return None;
    }
    Some(Session {
        access_token: AccessToken::new(string(value, "accessToken")?),
        id_token: string(value, "idToken").map(IdToken::new),
        refresh_token: string(value, "refreshToken").map(RefreshToken::new),
        token_type: string(value, "tokenType")?,
        scope: string(value, "scope"),
        expires_at: seconds(value, "expiresAt")?,
        issued_at: seconds(value, "issuedAt").unwrap_or(0),
    })
}

/// A stored pending sign-in (as `to_js::pending` wrote it).
pub fn pending(value: &JsValue) -> Option<ExpectCallback> {
    if !is_object(value) {
        return None;
    }
    Some(ExpectCallback {
        state: string(value, "state")?,
        nonce: string(value, "nonce")?,
        code_verifier: CodeVerifier::new(string(value, "code_verifier")?),
        redirect_uri: string(value, "redirect_uri")?,
        app_state: string(value, "app_state"),
        created_at: seconds(value, "created_at")?,
        max_age: seconds(value, "max_age"),
    })
}
