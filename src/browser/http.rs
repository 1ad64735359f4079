//! HTTP through the global `fetch` (windows, workers and Node 18+ alike), each
//! request bounded in time (an `AbortController`) and in the size of what it reads.

use crate::browser::js;
use crate::browser::timer::Timer;
use crate::core::text::parse_u64;
use crate::core::{Error, HttpRequest};
use js_sys::{Object, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    pub fn global_fetch(url: &str, init: &Object) -> Promise;
}

/// The largest response body read from a provider: 1 MiB (declared bytes, then UTF-16
/// units of the text). Discovery documents, key sets and token responses are a few KB;
/// anything far larger is refused before it is copied into wasm memory, where it could
/// exhaust it.
const MAX_BODY_CHARS: u32 = 1 << 20;

/// What the shell hands back to the core: status, body text and the headers we read.
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    pub www_authenticate: Option<String>,
    pub content_type: Option<String>,
    /// RFC 9449 §8: the server's nonce for the next DPoP proof.
    pub dpop_nonce: Option<String>,
}

impl HttpResponse {
    /// The body as JSON, or None when it is not JSON.
    pub fn json(&self) -> Option<JsValue> {
        js::parse_json(&self.body)
    }
}

/// Aborts the request when `timeout_ms` passes; dropping it clears the timer.
pub(crate) struct Deadline {
    _timer: Timer,
    fired: Rc<Cell<bool>>,
}

impl Deadline {
    pub(crate) fn arm(init: &Object, timeout_ms: u32) -> Option<Deadline> {
        let controller = AbortController::new().ok()?;
        js::set(init, "signal", &js::get(&controller, "signal"));
        let fired = Rc::new(Cell::new(false));
        let flag = fired.clone();
        let timer = Timer::once(timeout_ms, move || {
            flag.set(true);
            controller.abort();
        });
        Some(Deadline {
            _timer: timer,
            fired,
        })
    }

    /// What a failed fetch or body read means: the deadline, or the network.
    pub(crate) fn failure(deadline: &Option<Deadline>) -> Error {
        match deadline {
            Some(d) if d.fired.get() => Error::Timeout,
            _ => Error::Network,
        }
    }
}

/// [`Deadline::failure`], or `timeout` when the request's own signal timed out.
fn failure(deadline: &Option<Deadline>, error: &JsValue) -> Error {
    if js::get(error, "name").as_string().as_deref() == Some("TimeoutError") {
        return Error::Timeout;
    }
    Deadline::failure(deadline)
}

/// Sends the request. No answer within `timeout_ms` (headers and body) is `timeout`;
/// any other failure to get a response at all is `network_error`. (Not itself async: the
/// one state machine is [`receive`]'s, whichever way the request was sent.)
pub fn send(
    request: &HttpRequest,
    timeout_ms: u32,
) -> impl core::future::Future<Output = Result<HttpResponse, Error>> {
    let (fetched, deadline) = start(request, timeout_ms);
    receive(fetched, deadline)
}

/// The request on its way, and the deadline that aborts it.
pub fn start(request: &HttpRequest, timeout_ms: u32) -> (Promise, Option<Deadline>) {
    let init = Object::new();
    js::set_str(&init, "method", request.method);
    let headers = Object::new();
    for (name, value) in &request.headers {
        js::set_str(&headers, name, value);
    }
    js::set(&init, "headers", &headers);
    if let Some(body) = &request.body {
        js::set_str(&init, "body", body);
    }
    // Provider endpoints must answer directly; a redirect here is an error, not a hop.
    js::set_str(&init, "redirect", "error");
    js::set_str(&init, "cache", "no-store");
    let deadline = Deadline::arm(&init, timeout_ms);
    (global_fetch(&request.url, &init), deadline)
}

/// Reads a response `fetch` promised: headers, then the body, with the same limits as
/// [`send`]. A request the page's JS started with `AbortSignal.timeout` rejects with a
/// `TimeoutError`, which is `timeout` here too.
pub async fn receive(fetched: Promise, deadline: Option<Deadline>) -> Result<HttpResponse, Error> {
    let response: web_sys::Response = JsFuture::from(fetched)
        .await
        .map_err(|e| failure(&deadline, &e))?
        .unchecked_into();
    let headers: web_sys::Headers = js::get(&response, "headers").unchecked_into();
    let www_authenticate = headers.get("www-authenticate").ok().flatten();
    let content_type = headers.get("content-type").ok().flatten();
    let dpop_nonce = headers.get("dpop-nonce").ok().flatten();
    let too_large = Error::InvalidResponse("the response is larger than 1 MiB");
    let declared = headers.get("content-length").ok().flatten();
    if declared.and_then(|n| parse_u64(&n)).unwrap_or(0) > u64::from(MAX_BODY_CHARS) {
        return Err(too_large);
    }
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|e| failure(&deadline, &e))?,
        Err(_) => JsValue::from_str(""),
    };
    drop(deadline);
    let body = match body.dyn_ref::<js_sys::JsString>() {
        Some(text) if text.length() > MAX_BODY_CHARS => return Err(too_large),
        Some(_) => body.as_string().unwrap_or_default(),
        None => String::new(),
    };
    Ok(HttpResponse {
        status: js::get(&response, "status").as_f64().unwrap_or(0.0) as u16,
        body,
        www_authenticate,
        content_type,
        dpop_nonce,
    })
}
