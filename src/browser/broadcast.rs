//! BroadcastChannel between the tabs of one client: "a newer session is stored".
//! Storage events reach other tabs late; this tells them at once. The message
//! carries no token, only the new session's times; the session itself is in
//! localStorage, which the tabs share.

use crate::browser::js;
use js_sys::Object;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

pub struct Channel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

impl Channel {
    /// Opens `name`; `on_notice(issued_at, expires_at)` runs for each notice from another tab.
    pub fn open(name: &str, on_notice: Box<dyn Fn(u64, u64)>) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let issued_at = js::get(&data, "issuedAt").as_f64();
            let expires_at = js::get(&data, "expiresAt").as_f64();
            if let (Some(issued_at), Some(expires_at)) = (issued_at, expires_at) {
                on_notice(issued_at as u64, expires_at as u64);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _on_message: on_message,
        })
    }

    /// Tells the other tabs a session with these times is stored.
    pub fn announce(&self, issued_at: u64, expires_at: u64) {
        let notice = Object::new();
        js::set(&notice, "issuedAt", &JsValue::from_f64(issued_at as f64));
        js::set(&notice, "expiresAt", &JsValue::from_f64(expires_at as f64));
        let _ = self.channel.post_message(&notice);
    }
}
