//! `client.fetch()`: the app's own API calls, with the session's access token and, for a
//! DPoP client, a fresh proof per request (RFC 9449 §7); renewed first when needed, and
//! sent once more with the resource server's nonce when it asks (§9).

use crate::browser::client::Client;
use crate::browser::http::{fetch_with_credentials, no_answer};
use crate::browser::{dpop, js, js_error, renew};
use crate::core::{asks_for_nonce, Error};
use js_sys::Object;
use std::rc::Rc;
use wasm_bindgen::JsValue;
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
    let init: JsValue = init.map_or(JsValue::UNDEFINED, Into::into);
    let method = js::string(&js::get(&init, "method"))
        .unwrap_or_else(|| "GET".into())
        .to_ascii_uppercase();
    // Without a signal of the app's, ours bounds the request.
    let ms = match js::is_present(&js::get(&init, "signal")) {
        true => 0,
        false => client.options.request_timeout_ms,
    };
    let mut retried = false;
    loop {
        let proof = match client.options.dpop {
            true => Some(
                dpop::proof(client, &method, &url, Some(&token))
                    .await
                    .map_err(reject)?,
            ),
            false => None,
        };
        let authorization = dpop::authorization(client, &token);
        let answer = JsFuture::from(fetch_with_credentials(
            &url,
            &init,
            &authorization,
            proof,
            ms,
        ))
        .await
        // With the app's signal, every rejection is the app's (its abort reason may be
        // any value); without, a number is ours and anything else came from `Headers`.
        .map_err(|reason| match reason.as_f64() {
            Some(_) if ms != 0 => reject(no_answer(&reason)),
            _ => reason,
        })?;
        let response = js::item(&answer, 0);
        let nonce = js::string(&js::item(&answer, 1));
        client
            .dpop_nonces
            .borrow_mut()
            .handle_response(&url, nonce.as_deref());
        let challenge = js::string(&js::item(&answer, 2));
        let again = client.options.dpop
            && nonce.is_some()
            && asks_for_nonce(
                js::get(&response, "status").as_f64().unwrap_or(0.0) as u16,
                None,
                challenge.as_deref(),
            );
        if !again || retried {
            return Ok(response);
        }
        retried = true;
    }
}
