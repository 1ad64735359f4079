//! `client.fetch()`: the app's own API calls, with the session's access token and, for a
//! DPoP client, a fresh proof per request (RFC 9449 §7); renewed first when needed, and
//! sent once more with the resource server's nonce when it asks (§9).

use crate::browser::client::Client;
use crate::browser::http::{global_fetch, Deadline};
use crate::browser::{dpop, js, js_error, renew};
use crate::core::{asks_for_nonce, Error};
use js_sys::{Array, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `fetch(input, init)` with `Authorization: DPoP <token>` (or `Bearer`) and a `DPoP` proof.
/// `input` is a URL string or `URL`; `init` is the app's own `RequestInit`, untouched but
/// for its headers. Without a `signal` of the app's, the response must start within
/// `requestTimeoutMs` (`timeout`; `network_error` when it never comes); with one, the app
/// bounds the request and gets fetch's own rejection.
pub async fn fetch(
    client: &Rc<Client>,
    input: JsValue,
    init: Option<Object>,
) -> Result<JsValue, JsValue> {
    let reject = |error: Error| js_error::to_js(&error);
    let url = js::string(&input)
        .or_else(|| js::string(&js::get(&input, "href")))
        .ok_or_else(|| reject(Error::InvalidConfig("fetch takes a URL (string or URL)")))?;
    let token = renew::access_token(client, client.options.renew_before_expiry_s).await?;
    let token = js::string(&token).ok_or_else(|| reject(Error::NoSession))?;
    let request = Object::new();
    if let Some(init) = &init {
        Object::assign(&request, init);
    }
    let method = js::string(&js::get(&request, "method"))
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    let headers_class = js::get(&js::global(), "Headers");
    let apps_signal = js::is_present(&js::get(&request, "signal"));
    let mut retried = false;
    loop {
        let headers = Reflect::construct(
            headers_class.unchecked_ref::<js_sys::Function>(),
            &Array::of1(&js::get(&request, "headers")),
        )?
        .unchecked_into::<web_sys::Headers>();
        headers.set("Authorization", &dpop::authorization(client, &token))?;
        if client.options.dpop {
            let proof = dpop::proof(client, &method, &url, Some(&token))
                .await
                .map_err(reject)?;
            headers.set("DPoP", &proof)?;
        }
        js::set(&request, "headers", &headers);
        let deadline = if apps_signal {
            None
        } else {
            Deadline::arm(&request, client.options.request_timeout_ms)
        };
        let response: web_sys::Response = match JsFuture::from(global_fetch(&url, &request)).await {
            Ok(response) => response.unchecked_into(),
            Err(error) if apps_signal => return Err(error),
            Err(_) => return Err(reject(Deadline::failure(&deadline))),
        };
        drop(deadline);
        let headers: web_sys::Headers = js::get(&response, "headers").unchecked_into();
        let nonce = headers.get("dpop-nonce").ok().flatten();
        client
            .dpop_nonces
            .borrow_mut()
            .handle_response(&url, nonce.as_deref());
        let challenge = headers.get("www-authenticate").ok().flatten();
        let again = client.options.dpop
            && nonce.is_some()
            && asks_for_nonce(
                js::get(&response, "status").as_f64().unwrap_or(0.0) as u16,
                None,
                challenge.as_deref(),
            );
        if !again || retried {
            return Ok(response.into());
        }
        retried = true;
    }
}
