//! The hidden iframe of silent renew. It owns the frame, its listeners and its
//! timers, and removes all of them when dropped: on success, error and timeout.
//!
//! It fails fast when the provider does not send the frame back: a `prompt=none`
//! request answers with a redirect to our page, so a load that ends on another
//! origin (the provider's error page, a login page, the browser's own page for a
//! refused connection) gets a short grace period for a script redirect, then fails.

use crate::browser::timer::Timer;
use crate::core::Error;
use js_sys::{Function, Object, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlIFrameElement, MessageEvent, Window};

/// Decides whether a URL is the answer we wait for (the core's `is_silent_response`).
pub type Accept = Rc<dyn Fn(&str) -> bool>;

struct HiddenFrame {
    window: Window,
    frame: HtmlIFrameElement,
    on_load: Closure<dyn FnMut()>,
    on_message: Closure<dyn FnMut(MessageEvent)>,
    _timeout: Timer,
    grace: Rc<RefCell<Option<Timer>>>,
}

impl Drop for HiddenFrame {
    fn drop(&mut self) {
        let _ = self
            .frame
            .remove_event_listener_with_callback("load", self.on_load.as_ref().unchecked_ref());
        let _ = self.window.remove_event_listener_with_callback(
            "message",
            self.on_message.as_ref().unchecked_ref(),
        );
        self.grace.borrow_mut().take();
        self.frame.remove();
    }
}

/// How long a frame that stopped on another origin may take to come back by script.
const GRACE_MS: u32 = 1500;

/// What the promise settles with besides the answer's URL.
const TIMED_OUT: f64 = 0.0;
const STUCK: f64 = 1.0;

/// A promise and the function that settles it, for a wait driven by listeners and timers.
pub(crate) fn pending_answer() -> Result<(Promise, Function), Error> {
    let mut resolve_slot: Option<Function> = None;
    let outcome = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.ok_or(Error::Unsupported("Promise executor did not run"))?;
    Ok((outcome, resolve))
}

/// The `message` listener of the silent iframe and the popup: a URL counts as the answer
/// only when posted from our own origin, by the window we opened (`sender()`), and when
/// `accept` takes it (our state).
pub(crate) fn answer_listener(
    our_origin: String,
    sender: Box<dyn Fn() -> Option<Window>>,
    accept: Accept,
    resolve: Function,
) -> Closure<dyn FnMut(MessageEvent)> {
    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let from_sender = match (event.source(), sender()) {
            (Some(source), Some(window)) => Object::is(&source, &window),
            _ => false,
        };
        if event.origin() != our_origin || !from_sender {
            return;
        }
        if let Some(href) = event.data().as_string().filter(|href| accept(href)) {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&href));
        }
    })
}

fn frame_location(frame: &HtmlIFrameElement) -> Option<String> {
    // Throws (Err) while the frame shows another origin, i.e. the provider.
    frame.content_window()?.location().href().ok()
}

/// Loads `url` in a hidden iframe and resolves with the first URL `accept` takes:
/// the frame's own address once it is back on our origin (a static silent page
/// needs no script), or a string the silent page posts from our origin.
///
/// # Errors
/// `timeout` after `timeout_ms`; `iframe_error` when the frame stays on another
/// origin for [`GRACE_MS`] after loading; `unsupported` without a document.
pub async fn load_hidden(url: &str, timeout_ms: u32, accept: Accept) -> Result<String, Error> {
    let window =
        web_sys::window().ok_or(Error::Unsupported("silent renew needs a browser window"))?;
    let document = window
        .document()
        .ok_or(Error::Unsupported("silent renew needs a document"))?;
    let body = document
        .body()
        .ok_or(Error::Unsupported("silent renew needs a document body"))?;
    let our_origin = window.location().origin().unwrap_or_default();
    let frame: HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(|_| Error::Unsupported("could not create an iframe"))?
        .unchecked_into();
    let _ = frame.set_attribute("style", "display:none");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("title", "oidc-wasm silent renew");

    let (outcome, resolve) = pending_answer()?;

    let grace: Rc<RefCell<Option<Timer>>> = Rc::new(RefCell::new(None));
    let on_load = {
        let (frame, accept, resolve) = (frame.clone(), accept.clone(), resolve.clone());
        let grace = grace.clone();
        Closure::<dyn FnMut()>::new(move || {
            let settle = resolve.clone();
            match frame_location(&frame) {
                Some(href) if accept(&href) => {
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&href));
                }
                // Ours but not the answer (the first about:blank): keep waiting.
                Some(_) => {}
                // Another origin finished loading: the provider did not redirect back.
                None => {
                    *grace.borrow_mut() = Some(Timer::once(GRACE_MS, move || {
                        let _ = settle.call1(&JsValue::NULL, &JsValue::from_f64(STUCK));
                    }));
                }
            }
        })
    };
    let on_message = {
        let frame = frame.clone();
        let sender = Box::new(move || frame.content_window());
        answer_listener(our_origin, sender, accept, resolve.clone())
    };
    let timeout = {
        let resolve = resolve.clone();
        Timer::once(timeout_ms, move || {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_f64(TIMED_OUT));
        })
    };

    let guard = HiddenFrame {
        window: window.clone(),
        frame: frame.clone(),
        on_load,
        on_message,
        _timeout: timeout,
        grace,
    };
    let _ = frame.add_event_listener_with_callback("load", guard.on_load.as_ref().unchecked_ref());
    let _ = window
        .add_event_listener_with_callback("message", guard.on_message.as_ref().unchecked_ref());
    // The address is set only now, with every listener in place.
    body.append_child(&frame)
        .map_err(|_| Error::Unsupported("could not attach the iframe"))?;
    frame.set_src(url);

    let answer = JsFuture::from(outcome)
        .await
        .unwrap_or(JsValue::from_f64(TIMED_OUT));
    drop(guard);
    match answer.as_string() {
        Some(href) => Ok(href),
        None if answer.as_f64() == Some(STUCK) => Err(Error::IframeError),
        None => Err(Error::Timeout),
    }
}
