//! UserInfo (OIDC Core §5.3): fetch, verify when signed, check `sub`, and the
//! profile that merges it with the ID token's claims.

use crate::browser::client::Client;
use crate::browser::verify::verify_jws;
use crate::browser::{dpop, from_js, js};
use crate::core::{
    is_signed_userinfo, userinfo_request, validate_signed_userinfo, validate_userinfo_response,
    AccessToken, Error, UserInfoClaims, ID_TOKEN_CLAIMS_WIN,
};
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

/// The provider's `error`/`error_description` in a JSON error body, if any.
fn body_error(body: &JsValue) -> Option<(String, Option<String>)> {
    let error = js::get(body, "error").as_string()?;
    Some((error, js::get(body, "error_description").as_string()))
}

/// Fetches userinfo with `access_token`; the answer must be about `expected_sub`.
///
/// # Errors
/// `unsupported` (no endpoint), `network_error`, `oauth_error` (e.g. `invalid_token`
/// from WWW-Authenticate), `http_error`, `invalid_response`, `missing_sub`,
/// `sub_mismatch`, and for a signed answer the JWS codes, `iss_mismatch`, `aud_mismatch`.
pub async fn fetch_user_info(
    client: &Client,
    access_token: &AccessToken,
    expected_sub: &str,
) -> Result<JsValue, Error> {
    let request = userinfo_request(&client.meta, access_token, client.token_type())?;
    let response = dpop::send(client, &request, Some(access_token.secret())).await?;
    let claims_js = if is_signed_userinfo(response.status, response.content_type.as_deref()) {
        // §5.3.2: a signed answer is trusted only after its signature verifies.
        let payload = verify_jws(client, response.body.trim_ascii()).await?;
        let claims = from_js::userinfo_claims(&payload);
        validate_signed_userinfo(&claims, &client.meta.issuer, &client.cfg.client_id)?;
        Some(payload)
    } else {
        response.json().filter(from_js::is_object)
    };
    let claims: Option<UserInfoClaims> = claims_js.as_ref().map(from_js::userinfo_claims);
    let error = claims_js.as_ref().and_then(body_error);
    validate_userinfo_response(
        response.status,
        response.www_authenticate.as_deref(),
        error.as_ref().map(|(e, d)| (e.as_str(), d.as_deref())),
        claims.as_ref(),
        expected_sub,
    )?;
    claims_js.ok_or(Error::InvalidResponse(
        "userinfo response is not a JSON object",
    ))
}

/// The profile: the ID token's claims, then userinfo's, except that the ID token
/// keeps `sub`, `iss` and `aud`.
pub fn merge_profile(id_claims: &JsValue, user_info: &JsValue) -> JsValue {
    let profile = Object::new();
    Object::assign(&profile, id_claims.unchecked_ref());
    Object::assign(&profile, user_info.unchecked_ref());
    for name in ID_TOKEN_CLAIMS_WIN {
        let value = js::get(id_claims, name);
        if !value.is_undefined() {
            js::set(&profile, name, &value);
        }
    }
    profile.into()
}

/// The session's `profile`: the claims alone, or merged with userinfo when the
/// `loadUserInfo` option is on (after sign-in and after every renew).
pub async fn profile_for(
    client: &Client,
    access_token: &AccessToken,
    claims: &JsValue,
) -> Result<JsValue, Error> {
    if !client.options.load_user_info {
        return Ok(claims.clone());
    }
    let sub = from_js::string(claims, "sub").ok_or(Error::MissingSub)?;
    let user_info = fetch_user_info(client, access_token, &sub).await?;
    Ok(merge_profile(claims, &user_info))
}
