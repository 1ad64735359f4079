//! BroadcastChannel between the tabs of one client: "here is the session I just
//! stored" (localStorage reaches other tabs' processes late, so a tab that waited
//! for the renew lock must not rely on it alone), and "signed out" (every tab of the
//! client leaves with it). The channel is same-origin only, like the storage that
//! already holds the session.

use crate::browser::js;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// The message of a tab that signed out.
pub const SIGNED_OUT: &str = "signed_out";

pub struct Channel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Channel {
    fn drop(&mut self) {
        js::set(&self.channel, "onmessage", &JsValue::NULL);
        js::close(&self.channel);
    }
}

impl Channel {
    /// Opens `name`; `on_message` runs with each message another tab sends.
    pub fn open(name: &str, on_message: Box<dyn Fn(JsValue)>) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_message(js::get(&event, "data"));
        });
        js::set(&channel, "onmessage", on_message.as_ref());
        Some(Channel {
            channel,
            _on_message: on_message,
        })
    }

    /// Sends the session this tab just stored, or [`SIGNED_OUT`], to the other tabs.
    pub fn announce(&self, message: &JsValue) {
        let _ = self.channel.post_message(message);
    }
}
