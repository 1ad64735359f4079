//! The client's events: `renewed`, `renew_error`, `expiring`, `expired`, `signed_out`.

use crate::core::Error;
use js_sys::Function;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;

/// The event names the JS API accepts.
pub const EVENT_NAMES: [&str; 5] = [
    "renewed",
    "renew_error",
    "expiring",
    "expired",
    "signed_out",
];

#[derive(Default)]
pub struct Events {
    next_id: Cell<u32>,
    listeners: RefCell<Vec<(u32, &'static str, Function)>>,
}

impl Events {
    /// Adds a listener; returns its id for `remove`.
    ///
    /// # Errors
    /// `invalid_config` for a name not in [`EVENT_NAMES`].
    pub fn add(&self, name: &str, callback: Function) -> Result<u32, Error> {
        let name = EVENT_NAMES
            .iter()
            .find(|known| **known == name)
            .ok_or(Error::InvalidConfig(
                "event must be renewed, renew_error, expiring, expired or signed_out",
            ))?;
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        self.listeners.borrow_mut().push((id, name, callback));
        Ok(id)
    }

    pub fn remove(&self, id: u32) {
        self.listeners
            .borrow_mut()
            .retain(|(other, _, _)| *other != id);
    }

    /// Calls every listener of `name` with `payload`; a listener that throws does
    /// not stop the others (nor the library).
    pub fn emit(&self, name: &str, payload: &JsValue) {
        // Copied out first: a listener may add or remove listeners.
        let mut callbacks: Vec<Function> = Vec::new();
        for (_, n, f) in self.listeners.borrow().iter() {
            if *n == name {
                callbacks.push(f.clone());
            }
        }
        for callback in &callbacks {
            let _ = callback.call1(&JsValue::NULL, payload);
        }
    }
}
