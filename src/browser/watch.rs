//! The window a sign-in waits on: silent renew's hidden iframe or the sign-in popup.
//! One watcher for both. It owns the frame or the popup, its listeners and its timers,
//! and when dropped removes the frame or closes the popup, detaches the listeners and
//! clears the timers: on success, error and timeout alike.
//!
//! The popup is opened synchronously, since popup blockers (Safari's above all) allow
//! `window.open` only inside the user's click, before any await; then polled until it
//! is back on our origin, closed, or timed out. The frame is looked at when it loads,
//! and fails fast when the provider does not send it back: a `prompt=none` request
//! answers with a redirect to our page, so a load that ends on another origin (the
//! provider's error page, a login page, the browser's own page for a refused
//! connection) gets a short grace period for a script redirect, then fails.

use crate::browser::listener::Listener;
use crate::browser::timer::Timer;
use crate::browser::{js, location};
use crate::core::{is_silent_response, Error};
use js_sys::{Function, Object, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlIFrameElement, MessageEvent, Window};

/// The window a sign-in runs in.
pub enum Opening {
    /// Silent renew: a hidden iframe, made by [`wait`] and removed whatever happens.
    HiddenFrame,
    /// `signinPopup`: the popup [`open_popup`] opened inside the click; closed when
    /// dropped, so that no way out of the sign-in (an error before the wait, the wait's
    /// end) leaves it open.
    Popup(Window),
}

impl Drop for Opening {
    fn drop(&mut self) {
        if let Opening::Popup(popup) = self {
            js::close(popup);
        }
    }
}

/// Opens the sign-in popup now, inside the caller's click (no await before it), on a
/// blank page: what it loads next may need awaiting (the DPoP key), the opening may not.
///
/// # Errors
/// `popup_blocked` when the browser refuses.
pub fn open_popup() -> Result<Window, Error> {
    let window = js::window().ok_or(Error::Unsupported("signinPopup needs a browser window"))?;
    window
        .open_with_url_and_target_and_features(
            "about:blank",
            "oidc-wasm-signin",
            "popup,width=520,height=680",
        )
        .ok()
        .flatten()
        .ok_or(Error::PopupBlocked)
}

/// How long a frame that stopped on another origin may take to come back by script.
const GRACE_MS: u32 = 1500;
/// How often the popup's address and `closed` are looked at.
const POLL_MS: u32 = 100;

/// What the promise settles with besides the answer's URL.
const TIMED_OUT: f64 = 0.0;
const STUCK: f64 = 1.0;
const CLOSED: f64 = 2.0;

struct Watch {
    window: Window,
    /// The frame's window or the popup: where the answer shows up.
    watched: Window,
    /// The hidden frame, removed on drop.
    frame: Option<HtmlIFrameElement>,
    /// The popup, closed on drop.
    _opening: Opening,
    on_message: Closure<dyn FnMut(MessageEvent)>,
    /// The frame's `load` listener, or the popup's poll.
    _on_load: Option<Listener>,
    _poll: Option<Timer>,
    _timeout: Timer,
    grace: Rc<RefCell<Option<Timer>>>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.window.remove_event_listener_with_callback(
            "message",
            self.on_message.as_ref().unchecked_ref(),
        );
        self.grace.borrow_mut().take();
        if let Some(frame) = &self.frame {
            frame.remove();
        }
    }
}

/// The answer waited for, as plain data: a URL at our redirect URI with our state; and
/// the function that ends the wait.
struct Answer {
    redirect_uri: String,
    state: String,
    resolve: Function,
}

impl Answer {
    fn settle(&self, value: &JsValue) {
        let _ = self.resolve.call1(&JsValue::NULL, value);
    }

    /// Ends the wait with `href` when it is the answer (the core's `is_silent_response`);
    /// anything else (the first about:blank, another request's state) is ignored.
    fn offer(&self, href: &str) {
        if is_silent_response(href, &self.redirect_uri, &self.state) {
            self.settle(&JsValue::from_str(href));
        }
    }

    /// Offers `window`'s address; false while it shows another origin, i.e. the
    /// provider (reading it throws).
    fn offer_location(&self, window: &Window) -> bool {
        match location::href_of(window) {
            Some(href) => {
                self.offer(&href);
                true
            }
            None => false,
        }
    }
}

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// `[frame, its window]`, or a number for what is missing (see [`hidden_frame`]).
    #[wasm_bindgen(js_name = hiddenFrame)]
    fn hidden_frame_js() -> JsValue;
}

/// A hidden iframe in the document, still without an address, and its window.
fn hidden_frame() -> Result<(HtmlIFrameElement, Window), Error> {
    let made = hidden_frame_js();
    match made.as_f64() {
        None => Ok((
            js::item(&made, 0).unchecked_into(),
            js::item(&made, 1).unchecked_into(),
        )),
        Some(0.0) => Err(Error::Unsupported("silent renew needs a document")),
        Some(1.0) => Err(Error::Unsupported("silent renew needs a document body")),
        Some(2.0) => Err(Error::Unsupported("could not create or attach an iframe")),
        Some(_) => Err(Error::Unsupported("the iframe has no window")),
    }
}

/// Sends `opening`'s window to `url` and resolves with the first URL at `redirect_uri`
/// carrying `state`: the window's own address once it is back on our origin (a static
/// page needs no script), or a string it posts. A message counts only when it comes
/// from our origin and from the window we watch.
///
/// # Errors
/// `timeout` after `timeout_ms`; `iframe_error` when the frame stays on another origin
/// for [`GRACE_MS`] after loading; `popup_closed` when the user closes the popup;
/// `unsupported` without a document.
pub async fn wait(
    opening: Opening,
    url: &str,
    timeout_ms: u32,
    redirect_uri: String,
    state: String,
) -> Result<String, Error> {
    let window = js::window().ok_or(Error::Unsupported("sign-in needs a browser window"))?;
    let our_origin = js::get(&location::location_of(&window), "origin").as_string();
    let (outcome, resolve) = pending_answer()?;
    let answer = Rc::new(Answer {
        redirect_uri,
        state,
        resolve,
    });
    let (watched, frame) = match &opening {
        Opening::Popup(popup) => (popup.clone(), None),
        Opening::HiddenFrame => {
            let (frame, content) = hidden_frame()?;
            (content, Some(frame))
        }
    };

    let grace: Rc<RefCell<Option<Timer>>> = Rc::new(RefCell::new(None));
    let check = {
        let (watched, answer) = (watched.clone(), answer.clone());
        let (grace, in_frame) = (grace.clone(), frame.is_some());
        move || {
            if js::get(&watched, "closed").as_bool() != Some(false) {
                return answer.settle(&JsValue::from_f64(CLOSED));
            }
            // Another origin finished loading in the frame: the provider did not
            // redirect back. (A popup there is the user signing in.)
            if !answer.offer_location(&watched) && in_frame {
                let answer = answer.clone();
                *grace.borrow_mut() = Some(Timer::once(GRACE_MS, move || {
                    answer.settle(&JsValue::from_f64(STUCK))
                }));
            }
        }
    };
    let (on_load, poll) = match &frame {
        Some(frame) => {
            let on_load = Listener::attach(frame.clone().into(), "load", Closure::new(check));
            (Some(on_load), None)
        }
        None => (None, Some(Timer::every(POLL_MS, check))),
    };
    let on_message = {
        let (watched, answer) = (watched.clone(), answer.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let from_watched = Object::is(&js::get(&event, "source"), &watched);
            if js::get(&event, "origin").as_string() != our_origin || !from_watched {
                return;
            }
            if let Some(href) = js::get(&event, "data").as_string() {
                answer.offer(&href);
            }
        })
    };
    let timeout = Timer::once(timeout_ms, move || {
        answer.settle(&JsValue::from_f64(TIMED_OUT))
    });

    let watch = Watch {
        window: window.clone(),
        watched,
        frame,
        _opening: opening,
        on_message,
        _on_load: on_load,
        _poll: poll,
        _timeout: timeout,
        grace,
    };
    let _ = window
        .add_event_listener_with_callback("message", watch.on_message.as_ref().unchecked_ref());
    // The address is set only now, with every listener in place.
    match &watch.frame {
        Some(frame) => js::set_str(frame, "src", url),
        None => js::set_str(&location::location_of(&watch.watched), "href", url),
    }

    let answer = JsFuture::from(outcome)
        .await
        .unwrap_or(JsValue::from_f64(TIMED_OUT));
    drop(watch);
    match answer.as_string() {
        Some(href) => Ok(href),
        None if answer.as_f64() == Some(STUCK) => Err(Error::IframeError),
        None if answer.as_f64() == Some(CLOSED) => Err(Error::PopupClosed),
        None => Err(Error::Timeout),
    }
}

/// A promise and the function that settles it, for a wait driven by listeners and timers.
fn pending_answer() -> Result<(Promise, Function), Error> {
    let mut resolve_slot: Option<Function> = None;
    let outcome = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.ok_or(Error::Unsupported("Promise executor did not run"))?;
    Ok((outcome, resolve))
}
