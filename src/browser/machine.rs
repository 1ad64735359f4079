//! The client-credentials grant for machine-to-machine code (Node 18+, workers).
//! Only globals are used (fetch, Date), never `window`.

use crate::browser::client::discover;
use crate::browser::{from_js, http, js};
use crate::core::{
    client_credentials_request, validate_client_credentials_response, ClientCredentials, Error,
    TokenResponse,
};
use js_sys::Object;
use wasm_bindgen::JsValue;

/// Where the token endpoint comes from: given, or discovered from the issuer.
pub enum TokenEndpoint {
    Url(String),
    Authority(String),
}

/// Requests a token with HTTP Basic client authentication (RFC 6749 §4.4, §2.3.1).
///
/// # Errors
/// `invalid_config`, discovery codes, `network_error`, `timeout`, `oauth_error`
/// (e.g. `invalid_client`), `http_error`, `invalid_response`, `invalid_token_type`.
pub async fn client_credentials(
    endpoint: TokenEndpoint,
    mut credentials: ClientCredentials,
    timeout_ms: u32,
) -> Result<JsValue, Error> {
    credentials.token_endpoint = match endpoint {
        TokenEndpoint::Url(url) => url,
        TokenEndpoint::Authority(authority) => discover(&authority, timeout_ms, JsValue::UNDEFINED)
            .await?
            .token_endpoint
            .clone(),
    };
    let request = client_credentials_request(&credentials)?;
    let response = http::send(&request, timeout_ms).await?;
    let body: Option<TokenResponse> = response.json().and_then(|b| from_js::token_response(&b));
    let token = validate_client_credentials_response(response.status, body.as_ref(), js::now_s())?;
    let result = Object::new();
    js::set_str(&result, "accessToken", token.access_token.secret());
    js::set_str(&result, "tokenType", &token.token_type);
    if let Some(expires_at) = token.expires_at {
        js::set(&result, "expiresAt", &JsValue::from_f64(expires_at as f64));
    }
    if let Some(scope) = &token.scope {
        js::set_str(&result, "scope", scope);
    }
    Ok(result.into())
}
