//! Timers on the global `setTimeout`/`setInterval` (windows, workers and Node alike),
//! each cleared when dropped, as gloo-timers' were, with one closure type for all.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `setTimeout(callback, ms)`; the id (a number, an object in Node) clears it.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = setInterval)]
    fn set_interval(callback: &Function, ms: u32) -> JsValue;
    /// HTML §8.6 and Node: timeouts and intervals share one id list, so `clearTimeout`
    /// clears either.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A running timeout or interval; dropping it clears it and frees its callback.
#[must_use = "a timer is cleared when dropped"]
pub struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `callback` once, after `ms`.
    pub fn once(ms: u32, callback: impl FnMut() + 'static) -> Timer {
        Timer::start(false, ms, Box::new(callback))
    }

    /// Calls `callback` every `ms`.
    pub fn every(ms: u32, callback: impl FnMut() + 'static) -> Timer {
        Timer::start(true, ms, Box::new(callback))
    }

    fn start(repeat: bool, ms: u32, callback: Box<dyn FnMut()>) -> Timer {
        let callback = Closure::wrap(callback);
        let function: &Function = callback.as_ref().unchecked_ref();
        let id = if repeat {
            set_interval(function, ms)
        } else {
            set_timeout(function, ms)
        };
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Waits `ms`; the timeout is cleared if the wait is dropped first.
pub async fn sleep(ms: u32) {
    let mut id = JsValue::UNDEFINED;
    let done = Promise::new(&mut |resolve, _| id = set_timeout(&resolve, ms));
    let _clear = Cleared(id);
    let _ = JsFuture::from(done).await;
}

struct Cleared(JsValue);

impl Drop for Cleared {
    fn drop(&mut self) {
        clear_timeout(&self.0);
    }
}
