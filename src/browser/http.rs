//! HTTP through the global `fetch` (windows, workers and Node 18+ alike).

use crate::browser::js;
use crate::core::{Error, HttpRequest};
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &Object) -> Promise;
}

/// What the shell hands back to the core: status, body text and the one header we read.
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    pub www_authenticate: Option<String>,
    pub content_type: Option<String>,
}

impl HttpResponse {
    /// The body as JSON, or None when it is not JSON.
    pub fn json(&self) -> Option<JsValue> {
        js::parse_json(&self.body)
    }
}

/// Sends the request; any failure to get a response at all is `network_error`.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, Error> {
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

    let response: web_sys::Response = JsFuture::from(global_fetch(&request.url, &init))
        .await
        .map_err(|_| Error::Network)?
        .unchecked_into();
    let headers = response.headers();
    let www_authenticate = headers.get("www-authenticate").ok().flatten();
    let content_type = headers.get("content-type").ok().flatten();
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| Error::Network)?
            .as_string()
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(HttpResponse {
        status: response.status(),
        body,
        www_authenticate,
        content_type,
    })
}
