//! BroadcastChannel between the tabs of one client: "here is the session I just
//! stored". localStorage reaches other tabs' processes late, so a tab that waited
//! for the renew lock must not rely on it alone. The channel is same-origin only,
//! like the localStorage that already holds the same session.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

pub struct Channel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None::<&Function>);
        self.channel.close();
    }
}

impl Channel {
    /// Opens `name`; `on_session` runs with each session object another tab sends.
    pub fn open(name: &str, on_session: Box<dyn Fn(JsValue)>) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_session(event.data());
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _on_message: on_message,
        })
    }

    /// Sends the session this tab just stored to the other tabs.
    pub fn announce(&self, session: &JsValue) {
        let _ = self.channel.post_message(session);
    }
}
