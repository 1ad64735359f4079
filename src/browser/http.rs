//! HTTP to the provider: the request built here, sent and read by js/shell.js (the
//! global `fetch`, bounded in time and in the size of what it reads).

use crate::browser::js;
use crate::core::{Error, HttpRequest};
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/shell.js")]
extern "C" {
    /// The app's request (`client.fetch`) with its credentials, bounded by `ms` until the
    /// response starts (0: by the app's own signal); `[response, DPoP-Nonce,
    /// WWW-Authenticate]`. Rejects with [`no_answer`]'s numbers, or with the app's errors.
    #[wasm_bindgen(js_name = fetchWithCredentials)]
    pub fn fetch_with_credentials(
        url: &str,
        init: &JsValue,
        authorization: &str,
        proof: Option<String>,
        ms: u32,
    ) -> Promise;
    /// A provider request's answer within `ms`, headers and body.
    #[wasm_bindgen(js_name = send)]
    fn send_within(url: &str, init: &Object, ms: u32) -> Promise;
    /// The answer a fetch promise brings, without a deadline of ours.
    #[wasm_bindgen(js_name = receive)]
    pub fn receive(fetched: &Promise) -> Promise;
}

/// Why there was no answer, from js/shell.js's number for it: `TIMEOUT` (1), `TOO_LARGE`
/// (2), else the network.
pub fn no_answer(reason: &JsValue) -> Error {
    match reason.as_f64() {
        Some(1.0) => Error::Timeout,
        Some(2.0) => Error::InvalidResponse("the response is larger than 1 MiB"),
        _ => Error::Network,
    }
}

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

/// Sends the request. No answer within `timeout_ms` (headers and body) is `timeout`;
/// any other failure to get a response at all is `network_error`; a body over 1 MiB
/// (declared, or read) is `invalid_response`. (Not itself async: the one state machine
/// is [`answer`]'s, whichever way the request was sent.)
pub fn send(
    request: &HttpRequest,
    timeout_ms: u32,
) -> impl core::future::Future<Output = Result<HttpResponse, Error>> {
    answer(start(request, timeout_ms))
}

/// The request on its way, bounded by `timeout_ms`: a promise of its answer.
pub fn start(request: &HttpRequest, timeout_ms: u32) -> Promise {
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
    send_within(&request.url, &init, timeout_ms)
}

/// Reads the answer js/shell.js promised (`send` or `receive`).
pub async fn answer(answering: Promise) -> Result<HttpResponse, Error> {
    let answer = JsFuture::from(answering)
        .await
        .map_err(|reason| no_answer(&reason))?;
    let header = |index| js::string(&js::item(&answer, index));
    Ok(HttpResponse {
        status: js::item(&answer, 0).as_f64().unwrap_or(0.0) as u16,
        body: js::item(&answer, 1).as_string().unwrap_or_default(),
        www_authenticate: header(2),
        content_type: header(3),
        dpop_nonce: header(4),
    })
}
