//! The options objects the JS API takes, decoded into core values.

use crate::browser::client::ShellOptions;
use crate::browser::machine::TokenEndpoint;
use crate::browser::storage::StorageKind;
use crate::browser::{js, js_error};
use crate::core::{
    AuthorizeOptions, ClientCredentials, ClientSecret, Config, Error, LogoutOptions, Metadata,
};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// `OidcClient.create` / `OidcClient.descope` options (camelCase, unknown keys refused).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions {
    pub authority: Option<String>,
    pub metadata: Option<Metadata>,
    pub project_id: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub silent_redirect_uri: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub storage: Option<String>,
    pub automatic_silent_renew: Option<bool>,
    pub renew_before_expiry_seconds: Option<u64>,
    pub clock_skew_seconds: Option<u64>,
    pub silent_timeout_ms: Option<u32>,
    pub load_user_info: Option<bool>,
    pub extra_authorize_params: Option<BTreeMap<String, String>>,
}

pub fn decode_client_options(value: JsValue) -> Result<ClientOptions, JsValue> {
    if !value.is_object() {
        return Err(js_error::invalid_options("expected an options object"));
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error::invalid_options(&e.to_string()))
}

impl ClientOptions {
    /// The protocol configuration; `client_id` falls back to `default_client_id` (Descope).
    pub fn config(&self, default_client_id: Option<&str>) -> Result<Config, Error> {
        let client_id = self
            .client_id
            .as_deref()
            .or(default_client_id)
            .ok_or(Error::InvalidConfig("clientId is required"))?;
        let redirect_uri = self
            .redirect_uri
            .as_deref()
            .ok_or(Error::InvalidConfig("redirectUri is required"))?;
        let mut cfg = Config::new(client_id.into(), redirect_uri.into());
        cfg.silent_redirect_uri = self.silent_redirect_uri.clone();
        cfg.post_logout_redirect_uri = self.post_logout_redirect_uri.clone();
        if let Some(scope) = &self.scope {
            cfg.scope = scope.clone();
        }
        if let Some(skew) = self.clock_skew_seconds {
            cfg.clock_skew_s = skew;
        }
        if let Some(extra) = &self.extra_authorize_params {
            cfg.extra_authorize_params = extra.clone().into_iter().collect();
        }
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn shell(&self) -> Result<ShellOptions, Error> {
        Ok(ShellOptions {
            storage: StorageKind::parse(self.storage.as_deref())?,
            automatic_silent_renew: self.automatic_silent_renew.unwrap_or(true),
            renew_before_expiry_s: self.renew_before_expiry_seconds.unwrap_or(60),
            silent_timeout_ms: self.silent_timeout_ms.unwrap_or(10_000),
            load_user_info: self.load_user_info.unwrap_or(false),
        })
    }
}

/// `signinRedirect` / `createSigninUrl` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SigninOptions {
    // Read as a raw JS value below; declared so that it is not an unknown key.
    #[allow(dead_code)]
    app_state: Option<IgnoredAny>,
    prompt: Option<String>,
    login_hint: Option<String>,
    extra_params: Option<BTreeMap<String, String>>,
    response_mode: Option<String>,
}

pub fn decode_signin_options(value: JsValue) -> Result<AuthorizeOptions, JsValue> {
    if !js::is_present(&value) {
        return Ok(AuthorizeOptions::default());
    }
    let app_state = js::get(&value, "appState");
    let options: SigninOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error::invalid_options(&e.to_string()))?;
    Ok(AuthorizeOptions {
        prompt: options.prompt,
        login_hint: options.login_hint,
        extra_params: options
            .extra_params
            .unwrap_or_default()
            .into_iter()
            .collect(),
        app_state: if app_state.is_undefined() {
            None
        } else {
            js::stringify(&app_state)
        },
        redirect_uri: None,
        response_mode: options.response_mode,
    })
}

/// `signoutRedirect` / `createSignoutUrl` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SignoutOptions {
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
    extra_params: Option<BTreeMap<String, String>>,
}

pub fn decode_signout_options(value: JsValue) -> Result<LogoutOptions, JsValue> {
    if !js::is_present(&value) {
        return Ok(LogoutOptions::default());
    }
    let options: SignoutOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error::invalid_options(&e.to_string()))?;
    Ok(LogoutOptions {
        post_logout_redirect_uri: options.post_logout_redirect_uri,
        state: options.state,
        id_token_hint: None,
        extra_params: options
            .extra_params
            .unwrap_or_default()
            .into_iter()
            .collect(),
    })
}

/// `OidcClient.clientCredentials` options.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClientCredentialsOptions {
    token_endpoint: Option<String>,
    authority: Option<String>,
    client_id: String,
    client_secret: String,
    scope: Option<String>,
    extra_params: Option<BTreeMap<String, String>>,
}

pub fn decode_client_credentials(
    value: JsValue,
) -> Result<(TokenEndpoint, ClientCredentials), JsValue> {
    if !value.is_object() {
        return Err(js_error::invalid_options("expected an options object"));
    }
    let options: ClientCredentialsOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error::invalid_options(&e.to_string()))?;
    let endpoint = match (options.token_endpoint, options.authority) {
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
            client_id: options.client_id,
            client_secret: ClientSecret::new(options.client_secret),
            scope: options.scope,
            extra_params: options
                .extra_params
                .unwrap_or_default()
                .into_iter()
                .collect(),
        },
    ))
}
