//! The options objects the JS API takes, read into core values. Unknown keys and
//! wrong types are refused with `invalid_config`, so a typo cannot silently turn a
//! feature off.

use crate::browser::client::ShellOptions;
use crate::browser::machine::TokenEndpoint;
use crate::browser::storage::StorageKind;
use crate::browser::{from_js, js, js_error};
use crate::core::{
    AuthorizeOptions, ClientCredentials, ClientSecret, Config, Error, LogoutOptions, Metadata,
};
use wasm_bindgen::{JsCast, JsValue};

/// Refuses any key of `value` not in `allowed`.
fn only_known_keys(value: &JsValue, allowed: &[&str]) -> Result<(), JsValue> {
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            let mut detail = String::from("unknown option ");
            detail.push_str(&key);
            return Err(js_error::invalid_options(&detail));
        }
    }
    Ok(())
}

fn wrong_type(key: &str, expected: &str) -> JsValue {
    let mut detail = String::from(key);
    detail.push_str(" must be ");
    detail.push_str(expected);
    js_error::invalid_options(&detail)
}

/// `undefined`/`null` is "not given"; any other non-string is a mistake.
fn opt_string(value: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let member = js::get(value, key);
    if !js::is_present(&member) {
        return Ok(None);
    }
    member
        .as_string()
        .map(Some)
        .ok_or_else(|| wrong_type(key, "a string"))
}

fn opt_bool(value: &JsValue, key: &str) -> Result<Option<bool>, JsValue> {
    let member = js::get(value, key);
    if !js::is_present(&member) {
        return Ok(None);
    }
    member
        .as_bool()
        .map(Some)
        .ok_or_else(|| wrong_type(key, "true or false"))
}

fn opt_count(value: &JsValue, key: &str) -> Result<Option<u64>, JsValue> {
    let member = js::get(value, key);
    if !js::is_present(&member) {
        return Ok(None);
    }
    match member.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(Some(n as u64)),
        _ => Err(wrong_type(key, "a whole number >= 0")),
    }
}

/// The longest wait a timeout option takes: ten minutes. Timers count in 32 bits, and a
/// larger value would wrap into a negative (immediate) timeout.
const MAX_TIMEOUT_MS: u64 = 600_000;

/// A timeout in milliseconds, 1 to [`MAX_TIMEOUT_MS`]; `default` when not given.
fn opt_timeout_ms(value: &JsValue, key: &str, default: u32) -> Result<u32, JsValue> {
    match opt_count(value, key)? {
        None => Ok(default),
        Some(ms) if (1..=MAX_TIMEOUT_MS).contains(&ms) => Ok(ms as u32),
        Some(_) => Err(wrong_type(key, "between 1 and 600000 (milliseconds)")),
    }
}

/// How long one request to the provider may take unless the app says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 10_000;

/// `{ name: "value", ... }` as pairs.
fn opt_params(value: &JsValue, key: &str) -> Result<Vec<(String, String)>, JsValue> {
    let member = js::get(value, key);
    if !js::is_present(&member) {
        return Ok(Vec::new());
    }
    if !from_js::is_object(&member) {
        return Err(wrong_type(key, "an object of strings"));
    }
    let mut params = Vec::new();
    for entry in js_sys::Object::entries(member.unchecked_ref::<js_sys::Object>()).iter() {
        let pair = js_sys::Array::from(&entry);
        match (pair.get(0).as_string(), pair.get(1).as_string()) {
            (Some(name), Some(text)) => params.push((name, text)),
            _ => return Err(wrong_type(key, "an object of strings")),
        }
    }
    Ok(params)
}

fn expect_object(value: &JsValue) -> Result<(), JsValue> {
    if from_js::is_object(value) {
        Ok(())
    } else {
        Err(js_error::invalid_options("expected an options object"))
    }
}

const CLIENT_OPTIONS: [&str; 20] = [
    "authority",
    "metadata",
    "projectId",
    "baseUrl",
    "appId",
    "clientId",
    "redirectUri",
    "silentRedirectUri",
    "popupRedirectUri",
    "postLogoutRedirectUri",
    "scope",
    "storage",
    "automaticSilentRenew",
    "renewBeforeExpirySeconds",
    "clockSkewSeconds",
    "silentTimeoutMs",
    "requestTimeoutMs",
    "loadUserInfo",
    "extraAuthorizeParams",
    "dpop",
];

/// `OidcClient.create` / `OidcClient.descope` options.
pub struct ClientOptions {
    pub authority: Option<String>,
    pub metadata: Option<Metadata>,
    pub project_id: Option<String>,
    /// Descope: a custom domain instead of the project's regional host.
    pub base_url: Option<String>,
    /// Descope: a federated OIDC application of the project.
    pub app_id: Option<String>,
    config: ConfigOptions,
    shell: ShellOptions,
}

struct ConfigOptions {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    silent_redirect_uri: Option<String>,
    popup_redirect_uri: Option<String>,
    post_logout_redirect_uri: Option<String>,
    scope: Option<String>,
    clock_skew_s: Option<u64>,
    extra_authorize_params: Vec<(String, String)>,
}

pub fn decode_client_options(value: JsValue) -> Result<ClientOptions, JsValue> {
    expect_object(&value)?;
    only_known_keys(&value, &CLIENT_OPTIONS)?;
    let metadata = match js::get(&value, "metadata") {
        m if !js::is_present(&m) => None,
        m => Some(from_js::metadata(&m).ok_or_else(|| {
            wrong_type(
                "metadata",
                "an object with issuer, authorization_endpoint, token_endpoint and jwks_uri",
            )
        })?),
    };
    let storage = StorageKind::parse(opt_string(&value, "storage")?.as_deref())
        .map_err(|e| js_error::to_js(&e))?;
    Ok(ClientOptions {
        authority: opt_string(&value, "authority")?,
        metadata,
        project_id: opt_string(&value, "projectId")?,
        base_url: opt_string(&value, "baseUrl")?,
        app_id: opt_string(&value, "appId")?,
        config: ConfigOptions {
            client_id: opt_string(&value, "clientId")?,
            redirect_uri: opt_string(&value, "redirectUri")?,
            silent_redirect_uri: opt_string(&value, "silentRedirectUri")?,
            popup_redirect_uri: opt_string(&value, "popupRedirectUri")?,
            post_logout_redirect_uri: opt_string(&value, "postLogoutRedirectUri")?,
            scope: opt_string(&value, "scope")?,
            clock_skew_s: opt_count(&value, "clockSkewSeconds")?,
            extra_authorize_params: opt_params(&value, "extraAuthorizeParams")?,
        },
        shell: ShellOptions {
            storage,
            automatic_silent_renew: opt_bool(&value, "automaticSilentRenew")?.unwrap_or(true),
            renew_before_expiry_s: opt_count(&value, "renewBeforeExpirySeconds")?.unwrap_or(60),
            silent_timeout_ms: opt_timeout_ms(&value, "silentTimeoutMs", 10_000)?,
            request_timeout_ms: opt_timeout_ms(
                &value,
                "requestTimeoutMs",
                DEFAULT_REQUEST_TIMEOUT_MS,
            )?,
            load_user_info: opt_bool(&value, "loadUserInfo")?.unwrap_or(false),
            dpop: opt_bool(&value, "dpop")?.unwrap_or(false),
        },
    })
}

impl ClientOptions {
    /// The protocol configuration; `client_id` and `scope` fall back to the given
    /// defaults (the Descope preset's), then to the project ID and `openid`.
    pub fn config(
        &self,
        default_client_id: Option<&str>,
        default_scope: Option<&str>,
    ) -> Result<Config, Error> {
        let options = &self.config;
        let client_id = options
            .client_id
            .as_deref()
            .or(default_client_id)
            .ok_or(Error::InvalidConfig("clientId is required"))?;
        let redirect_uri = options
            .redirect_uri
            .as_deref()
            .ok_or(Error::InvalidConfig("redirectUri is required"))?;
        let mut cfg = Config::new(client_id.into(), redirect_uri.into());
        cfg.silent_redirect_uri = options.silent_redirect_uri.clone();
        cfg.popup_redirect_uri = options.popup_redirect_uri.clone();
        cfg.post_logout_redirect_uri = options.post_logout_redirect_uri.clone();
        if let Some(scope) = options.scope.as_deref().or(default_scope) {
            cfg.scope = scope.into();
        }
        if let Some(skew) = options.clock_skew_s {
            cfg.clock_skew_s = skew;
        }
        cfg.extra_authorize_params = options.extra_authorize_params.clone();
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn shell(&self) -> ShellOptions {
        self.shell.clone()
    }
}

const SIGNIN_OPTIONS: [&str; 5] = [
    "appState",
    "prompt",
    "loginHint",
    "extraParams",
    "responseMode",
];

/// `signinRedirect` / `createSigninUrl` options.
pub fn decode_signin_options(value: Option<js_sys::Object>) -> Result<AuthorizeOptions, JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok(AuthorizeOptions::default());
    };
    expect_object(&value)?;
    only_known_keys(&value, &SIGNIN_OPTIONS)?;
    signin_options(&value)
}

/// How long a sign-in popup may stay open by default: ten minutes at the login page.
const POPUP_TIMEOUT_MS: u32 = 600_000;

/// `signinPopup` options: those of `signinRedirect`, `popupRedirectUri` and `timeoutMs`.
pub fn decode_popup_options(
    value: Option<js_sys::Object>,
) -> Result<(AuthorizeOptions, u32), JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok((AuthorizeOptions::default(), POPUP_TIMEOUT_MS));
    };
    expect_object(&value)?;
    let mut allowed = SIGNIN_OPTIONS.to_vec();
    allowed.extend(["popupRedirectUri", "timeoutMs"]);
    only_known_keys(&value, &allowed)?;
    let mut options = signin_options(&value)?;
    options.redirect_uri = opt_string(&value, "popupRedirectUri")?;
    Ok((
        options,
        opt_timeout_ms(&value, "timeoutMs", POPUP_TIMEOUT_MS)?,
    ))
}

/// `getAccessToken` options: the minimum validity, default `renewBeforeExpirySeconds`.
pub fn decode_token_options(value: Option<js_sys::Object>, default_s: u64) -> Result<u64, JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok(default_s);
    };
    expect_object(&value)?;
    only_known_keys(&value, &["minValiditySeconds"])?;
    Ok(opt_count(&value, "minValiditySeconds")?.unwrap_or(default_s))
}

fn signin_options(value: &JsValue) -> Result<AuthorizeOptions, JsValue> {
    let app_state = js::get(value, "appState");
    Ok(AuthorizeOptions {
        prompt: opt_string(value, "prompt")?,
        login_hint: opt_string(value, "loginHint")?,
        extra_params: opt_params(value, "extraParams")?,
        // Any JSON value; it travels as JSON text in the pending sign-in.
        app_state: if app_state.is_undefined() {
            None
        } else {
            js::stringify(&app_state)
        },
        redirect_uri: None,
        response_mode: opt_string(value, "responseMode")?,
    })
}

/// `signoutRedirect` / `createSignoutUrl` options.
pub fn decode_signout_options(value: Option<js_sys::Object>) -> Result<LogoutOptions, JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok(LogoutOptions::default());
    };
    expect_object(&value)?;
    only_known_keys(&value, &["postLogoutRedirectUri", "state", "extraParams"])?;
    Ok(LogoutOptions {
        post_logout_redirect_uri: opt_string(&value, "postLogoutRedirectUri")?,
        state: opt_string(&value, "state")?,
        id_token_hint: None,
        extra_params: opt_params(&value, "extraParams")?,
    })
}

/// `OidcClient.clientCredentials` options: where the token endpoint is, the
/// credentials, and the request timeout.
pub fn decode_client_credentials(
    value: JsValue,
) -> Result<(TokenEndpoint, ClientCredentials, u32), JsValue> {
    expect_object(&value)?;
    only_known_keys(
        &value,
        &[
            "tokenEndpoint",
            "authority",
            "clientId",
            "clientSecret",
            "scope",
            "extraParams",
            "requestTimeoutMs",
        ],
    )?;
    let timeout_ms = opt_timeout_ms(&value, "requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS)?;
    let endpoint = match (
        opt_string(&value, "tokenEndpoint")?,
        opt_string(&value, "authority")?,
    ) {
        (Some(url), None) => TokenEndpoint::Url(url),
        (None, Some(authority)) => TokenEndpoint::Authority(authority),
        _ => {
            return Err(js_error::to_js(&Error::InvalidConfig(
                "give exactly one of tokenEndpoint and authority",
            )))
        }
    };
    Ok((
        endpoint,
        ClientCredentials {
            token_endpoint: String::new(),
            client_id: opt_string(&value, "clientId")?.unwrap_or_default(),
            client_secret: ClientSecret::new(
                opt_string(&value, "clientSecret")?.unwrap_or_default(),
            ),
            scope: opt_string(&value, "scope")?,
            extra_params: opt_params(&value, "extraParams")?,
        },
        timeout_ms,
    ))
}
