//! Small conversions between Rust values and plain JS values (JSON, objects, clock).

use js_sys::{Object, JSON};
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
    crate::core::utf8::utf8(bytes).and_then(parse_json)
}

/// `JSON.stringify`, or None for values JSON cannot hold.
pub fn stringify(value: &JsValue) -> Option<String> {
    JSON::stringify(value).ok().and_then(|s| s.as_string())
}

/// A JS string as Rust text; None for non-strings and for strings with lone surrogates,
/// which `as_string` would turn into U+FFFD, so two different `sub`s could compare equal.
pub fn string(value: &JsValue) -> Option<String> {
    // The check runs in JS: one call, not one `charCodeAt` across the boundary per unit.
    well_formed_string(value)
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// The string `value` is, unless it is none or has a lone surrogate.
    #[wasm_bindgen(js_name = wellFormedString)]
    fn well_formed_string(value: &JsValue) -> Option<String>;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Reflect.get` and `Reflect.set` with the key passed as text: one call across
    /// the boundary instead of making a JS string first and dropping it after.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &str, value: &JsValue) -> Result<bool, JsValue>;

    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: JsValue;

    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get_index(target: &JsValue, index: u32) -> Result<JsValue, JsValue>;

    /// `target.close()`: one import for the two things this crate closes (a popup
    /// window, a BroadcastChannel).
    type Closable;
    #[wasm_bindgen(method, catch)]
    fn close(this: &Closable) -> Result<(), JsValue>;
}

pub fn close(target: &JsValue) {
    use wasm_bindgen::JsCast;
    let _ = target.unchecked_ref::<Closable>().close();
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    reflect_get(target, key).unwrap_or(JsValue::UNDEFINED)
}

/// `globalThis`: the window, a worker's scope or Node's global object. (js-sys's
/// `global()` probes four names for engines older than `globalThis`.)
pub fn global() -> JsValue {
    GLOBAL_THIS.with(JsValue::clone)
}

/// The page's window; None in workers and Node (`globalThis.window`, as web-sys's
/// `window()` finds it).
pub fn window() -> Option<web_sys::Window> {
    use wasm_bindgen::JsCast;
    get_present(&global(), "window").map(JsCast::unchecked_into)
}

/// An array's `length` (0 for anything without one).
pub fn length(array: &JsValue) -> u32 {
    get(array, "length").as_f64().unwrap_or(0.0) as u32
}

/// `array[index]` (undefined past the end).
pub fn item(array: &JsValue, index: u32) -> JsValue {
    reflect_get_index(array, index).unwrap_or(JsValue::UNDEFINED)
}

/// The member, unless it is `undefined` or `null` (or reading it throws).
pub fn get_present(target: &JsValue, key: &str) -> Option<JsValue> {
    Some(get(target, key)).filter(is_present)
}

pub fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = reflect_set(target, key, value);
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

/// The one way this crate turns a future into a Promise. Boxing the future keeps the
/// executor's promise code to a single copy instead of one per call site.
pub fn promise(
    future: impl core::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> js_sys::Promise {
    crate::browser::executor::promise(Box::pin(future))
}

/// A small string-keyed table for the page-wide caches: a handful of entries,
/// where a BTreeMap's code would cost more bytes than its lookups save.
pub struct Table<T> {
    entries: Vec<(String, T)>,
}

impl<T: Clone> Table<T> {
    pub const fn new() -> Table<T> {
        Table {
            entries: Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<T> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    pub fn insert(&mut self, key: &str, value: T) {
        self.remove(key);
        self.entries.push((key.into(), value));
    }

    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }
}

/// Runs two futures at once and waits for both (no executor crate needed).
pub async fn join<A, B>(a: A, b: B) -> (A::Output, B::Output)
where
    A: core::future::Future,
    B: core::future::Future,
{
    use core::task::Poll;
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut a_out, mut b_out) = (None, None);
    core::future::poll_fn(move |cx| {
        if a_out.is_none() {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                a_out = Some(out);
            }
        }
        if b_out.is_none() {
            if let Poll::Ready(out) = b.as_mut().poll(cx) {
                b_out = Some(out);
            }
        }
        match (a_out.take(), b_out.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a_back, b_back) => {
                a_out = a_back;
                b_out = b_back;
                Poll::Pending
            }
        }
    })
    .await
}

/// Logs panic messages to the console (the `debug-panics` feature, for bug reports).
#[cfg(feature = "debug-panics")]
pub fn install_panic_hook() {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = console, js_name = error)]
        fn console_error(message: &str);
    }
    std::panic::set_hook(Box::new(|info| console_error(&info.to_string())));
}
