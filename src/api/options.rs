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

/// What an option takes. `Any` is read as given, and checked (if at all) by its reader.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Any,
    Text,
    Flag,
    Count,
    /// A [`Kind::Count`] from 1 to [`MAX_TIMEOUT_MS`].
    TimeoutMs,
    /// `{ name: "value", ... }`.
    Params,
}

type Table = [(&'static str, Kind)];

/// An options object read against a table of `(name, kind)`: one loop for every option
/// instead of inlined reads and checks per option. Each member given (not `undefined`
/// or `null`) has been checked against its kind; the getters then only convert.
struct Members {
    table: &'static Table,
    values: Vec<JsValue>,
}

/// Reads `value`'s members named in `table`, refusing a non-object, any own key not in
/// `table` and any member given with the wrong type (checked in table order).
fn read(value: &JsValue, table: &'static Table) -> Result<Members, JsValue> {
    if !from_js::is_object(value) {
        return Err(js_error::invalid_options("expected an options object"));
    }
    let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
    for i in 0..js::length(&keys) {
        let key = js::item(&keys, i).as_string().unwrap_or_default();
        if !table.iter().any(|(name, _)| *name == key) {
            let mut detail = String::from("unknown option ");
            detail.push_str(&key);
            return Err(js_error::invalid_options(&detail));
        }
    }
    let mut values = Vec::with_capacity(table.len());
    for &(name, kind) in table {
        let member = js::get(value, name);
        if js::is_present(&member) {
            if let Some(expected) = mismatch(&member, kind) {
                return Err(wrong_type(name, expected));
            }
        }
        values.push(member);
    }
    Ok(Members { table, values })
}

/// What `member` should have been, when it is not of `kind`.
fn mismatch(member: &JsValue, kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Any => None,
        Kind::Text => (!member.is_string()).then_some("a string"),
        Kind::Flag => member.as_bool().is_none().then_some("true or false"),
        Kind::Count | Kind::TimeoutMs => match whole(member) {
            None => Some("a whole number >= 0"),
            Some(ms) if kind == Kind::TimeoutMs && !(1..=MAX_TIMEOUT_MS).contains(&ms) => {
                Some("between 1 and 600000 (milliseconds)")
            }
            Some(_) => None,
        },
        Kind::Params => params(member).is_none().then_some("an object of strings"),
    }
}

fn whole(member: &JsValue) -> Option<u64> {
    member
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0 && n.fract() == 0.0)
        .map(|n| n as u64)
}

/// `{ name: "value", ... }` as pairs; None when it is not an object of strings.
fn params(member: &JsValue) -> Option<Vec<(String, String)>> {
    if !from_js::is_object(member) {
        return None;
    }
    let mut params = Vec::new();
    let entries = js_sys::Object::entries(member.unchecked_ref::<js_sys::Object>());
    for i in 0..js::length(&entries) {
        let pair = js::item(&entries, i);
        params.push((
            js::item(&pair, 0).as_string()?,
            js::item(&pair, 1).as_string()?,
        ));
    }
    Some(params)
}

fn wrong_type(key: &str, expected: &str) -> JsValue {
    let mut detail = String::from(key);
    detail.push_str(" must be ");
    detail.push_str(expected);
    js_error::invalid_options(&detail)
}

impl Members {
    /// The member as given (`undefined`, `null` or checked against its kind).
    fn get(&self, name: &str) -> Option<&JsValue> {
        let index = self.table.iter().position(|(n, _)| *n == name)?;
        self.values.get(index)
    }

    fn string(&self, name: &str) -> Option<String> {
        self.get(name).and_then(JsValue::as_string)
    }

    fn flag(&self, name: &str, default: bool) -> bool {
        self.get(name).and_then(JsValue::as_bool).unwrap_or(default)
    }

    fn count(&self, name: &str) -> Option<u64> {
        self.get(name).and_then(whole)
    }

    /// Checked by [`read`] to lie in 1..=[`MAX_TIMEOUT_MS`].
    fn timeout_ms(&self, name: &str, default: u32) -> u32 {
        self.count(name).map_or(default, |ms| ms as u32)
    }

    fn params(&self, name: &str) -> Vec<(String, String)> {
        self.get(name).and_then(params).unwrap_or_default()
    }
}

/// The longest wait a timeout option takes: ten minutes. Timers count in 32 bits, and a
/// larger value would wrap into a negative (immediate) timeout.
const MAX_TIMEOUT_MS: u64 = 600_000;

/// How long one request to the provider may take unless the app says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 10_000;

/// In the order the checks ran before the table: `metadata` is checked after the rest.
const CLIENT_OPTIONS: [(&str, Kind); 20] = [
    ("storage", Kind::Text),
    ("authority", Kind::Text),
    ("projectId", Kind::Text),
    ("baseUrl", Kind::Text),
    ("appId", Kind::Text),
    ("clientId", Kind::Text),
    ("redirectUri", Kind::Text),
    ("silentRedirectUri", Kind::Text),
    ("popupRedirectUri", Kind::Text),
    ("postLogoutRedirectUri", Kind::Text),
    ("scope", Kind::Text),
    ("clockSkewSeconds", Kind::Count),
    ("extraAuthorizeParams", Kind::Params),
    ("automaticSilentRenew", Kind::Flag),
    ("renewBeforeExpirySeconds", Kind::Count),
    ("silentTimeoutMs", Kind::TimeoutMs),
    ("requestTimeoutMs", Kind::TimeoutMs),
    ("loadUserInfo", Kind::Flag),
    ("dpop", Kind::Flag),
    ("metadata", Kind::Any),
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
    let members = read(&value, &CLIENT_OPTIONS)?;
    let metadata = match members.get("metadata") {
        Some(m) if js::is_present(m) => Some(from_js::metadata(m).ok_or_else(|| {
            wrong_type(
                "metadata",
                "an object with issuer, authorization_endpoint, token_endpoint and jwks_uri",
            )
        })?),
        _ => None,
    };
    let storage = StorageKind::parse(members.string("storage").as_deref())
        .map_err(|e| js_error::to_js(&e))?;
    Ok(ClientOptions {
        authority: members.string("authority"),
        metadata,
        project_id: members.string("projectId"),
        base_url: members.string("baseUrl"),
        app_id: members.string("appId"),
        config: ConfigOptions {
            client_id: members.string("clientId"),
            redirect_uri: members.string("redirectUri"),
            silent_redirect_uri: members.string("silentRedirectUri"),
            popup_redirect_uri: members.string("popupRedirectUri"),
            post_logout_redirect_uri: members.string("postLogoutRedirectUri"),
            scope: members.string("scope"),
            clock_skew_s: members.count("clockSkewSeconds"),
            extra_authorize_params: members.params("extraAuthorizeParams"),
        },
        shell: ShellOptions {
            storage,
            automatic_silent_renew: members.flag("automaticSilentRenew", true),
            renew_before_expiry_s: members.count("renewBeforeExpirySeconds").unwrap_or(60),
            silent_timeout_ms: members.timeout_ms("silentTimeoutMs", 10_000),
            request_timeout_ms: members.timeout_ms("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS),
            load_user_info: members.flag("loadUserInfo", false),
            dpop: members.flag("dpop", false),
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

const SIGNIN_OPTIONS: [(&str, Kind); 5] = [
    ("appState", Kind::Any),
    ("prompt", Kind::Text),
    ("loginHint", Kind::Text),
    ("extraParams", Kind::Params),
    ("responseMode", Kind::Text),
];

/// Those of `signinRedirect`, then the popup's own.
const POPUP_OPTIONS: [(&str, Kind); 7] = [
    ("appState", Kind::Any),
    ("prompt", Kind::Text),
    ("loginHint", Kind::Text),
    ("extraParams", Kind::Params),
    ("responseMode", Kind::Text),
    ("popupRedirectUri", Kind::Text),
    ("timeoutMs", Kind::TimeoutMs),
];

/// `signinRedirect` / `createSigninUrl` options.
pub fn decode_signin_options(value: Option<js_sys::Object>) -> Result<AuthorizeOptions, JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok(AuthorizeOptions::default());
    };
    Ok(signin_options(&read(&value, &SIGNIN_OPTIONS)?))
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
    let members = read(&value, &POPUP_OPTIONS)?;
    let mut options = signin_options(&members);
    options.redirect_uri = members.string("popupRedirectUri");
    Ok((options, members.timeout_ms("timeoutMs", POPUP_TIMEOUT_MS)))
}

/// `getAccessToken` options: the minimum validity, default `renewBeforeExpirySeconds`.
pub fn decode_token_options(value: Option<js_sys::Object>, default_s: u64) -> Result<u64, JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok(default_s);
    };
    let members = read(&value, &[("minValiditySeconds", Kind::Count)])?;
    Ok(members.count("minValiditySeconds").unwrap_or(default_s))
}

fn signin_options(members: &Members) -> AuthorizeOptions {
    AuthorizeOptions {
        prompt: members.string("prompt"),
        login_hint: members.string("loginHint"),
        extra_params: members.params("extraParams"),
        // Any JSON value; it travels as JSON text in the pending sign-in.
        app_state: members
            .get("appState")
            .filter(|state| !state.is_undefined())
            .and_then(js::stringify),
        redirect_uri: None,
        response_mode: members.string("responseMode"),
    }
}

/// `signoutRedirect` / `createSignoutUrl` options.
pub fn decode_signout_options(value: Option<js_sys::Object>) -> Result<LogoutOptions, JsValue> {
    let Some(value) = value.map(JsValue::from).filter(js::is_present) else {
        return Ok(LogoutOptions::default());
    };
    let members = read(
        &value,
        &[
            ("postLogoutRedirectUri", Kind::Text),
            ("state", Kind::Text),
            ("extraParams", Kind::Params),
        ],
    )?;
    Ok(LogoutOptions {
        post_logout_redirect_uri: members.string("postLogoutRedirectUri"),
        state: members.string("state"),
        id_token_hint: None,
        extra_params: members.params("extraParams"),
    })
}

/// `OidcClient.clientCredentials` options: where the token endpoint is, the
/// credentials, and the request timeout.
pub fn decode_client_credentials(
    value: JsValue,
) -> Result<(TokenEndpoint, ClientCredentials, u32), JsValue> {
    let members = read(
        &value,
        &[
            ("requestTimeoutMs", Kind::TimeoutMs),
            ("tokenEndpoint", Kind::Text),
            ("authority", Kind::Text),
            ("clientId", Kind::Text),
            ("clientSecret", Kind::Text),
            ("scope", Kind::Text),
            ("extraParams", Kind::Params),
        ],
    )?;
    let endpoint = match (members.string("tokenEndpoint"), members.string("authority")) {
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
            client_id: members.string("clientId").unwrap_or_default(),
            client_secret: ClientSecret::new(members.string("clientSecret").unwrap_or_default()),
            scope: members.string("scope"),
            extra_params: members.params("extraParams"),
        },
        members.timeout_ms("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS),
    ))
}
