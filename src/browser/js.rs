//! Small conversions between Rust values and plain JS values (JSON, objects, clock).

use js_sys::{Object, Reflect, JSON};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Unix seconds from the page's clock.
pub fn now_s() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// `JSON.parse`, or None when the text is not JSON.
pub fn parse_json(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// `JSON.parse` of UTF-8 bytes (a JWS segment).
pub fn parse_json_bytes(bytes: &[u8]) -> Option<JsValue> {
    core::str::from_utf8(bytes).ok().and_then(parse_json)
}

/// `JSON.stringify`, or None for values JSON cannot hold.
pub fn stringify(value: &JsValue) -> Option<String> {
    JSON::stringify(value).ok().and_then(|s| s.as_string())
}

/// A plain JS value into a core struct (serde-wasm-bindgen).
pub fn decode<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// A core struct into a plain JS object (no `Map`s, numbers as numbers).
pub fn encode<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

pub fn set_str(target: &Object, key: &str, value: &str) {
    set(target, key, &JsValue::from_str(value));
}

/// Whether a value is an object with at least its own keys (not null/undefined).
pub fn is_present(value: &JsValue) -> bool {
    !value.is_undefined() && !value.is_null()
}

pub fn is_array(value: &JsValue) -> bool {
    js_sys::Array::is_array(value)
}
