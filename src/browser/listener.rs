//! An event listener that detaches itself when dropped, so a client that goes
//! away leaves no callback behind on the document.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// `target.addEventListener(event, callback)` until the Listener is dropped.
    pub fn attach(
        target: EventTarget,
        event: &'static str,
        callback: Closure<dyn FnMut()>,
    ) -> Listener {
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        Listener {
            target,
            event,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
