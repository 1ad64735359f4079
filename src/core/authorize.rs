//! Building the authorization request URL (RFC 6749 §4.1.1, RFC 7636 §4.3,
//! OIDC Core §3.1.2.1) and the pending sign-in it leaves behind.

use super::callback::ExpectCallback;
use super::config::{check_extra_params, check_redirect, Config};
use super::encode::{b64url_encode, push_pair};
use super::error::Error;
use super::metadata::Metadata;
use super::pkce::Pkce;
use super::text::{contains, parse_u64};

/// Per-call options for one sign-in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorizeOptions {
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
    pub extra_params: Vec<(String, String)>,
    /// Opaque JSON text from the app, handed back after the callback.
    pub app_state: Option<String>,
    /// Overrides `cfg.redirect_uri` (silent renew uses this).
    pub redirect_uri: Option<String>,
    /// Sent as `response_mode` when set, e.g. `"fragment"`.
    pub response_mode: Option<String>,
}

/// Random bytes one sign-in consumes besides its PKCE verifier: 16 for state, 16 for nonce.
pub const SIGNIN_RANDOM_BYTES: usize = 32;

/// Starts a sign-in: the pending state to store and the authorization URL to navigate to.
///
/// `pkce` is the verifier and its challenge (the shell hashes it); `random[0..16]` becomes
/// the state and `[16..32]` the nonce (base64url), drawn from `crypto.getRandomValues`.
///
/// # Errors
/// `invalid_config` for a bad config or redirect URI, or extra params naming a protocol parameter.
pub fn begin_signin(
    cfg: &Config,
    meta: &Metadata,
    opts: AuthorizeOptions,
    pkce: Pkce,
    random: &[u8; SIGNIN_RANDOM_BYTES],
    now: u64,
) -> Result<(ExpectCallback, String), Error> {
    cfg.validate()?;
    check_extra_params(&opts.extra_params)?;
    let redirect_uri = match opts.redirect_uri {
        Some(uri) => {
            check_redirect(
                &uri,
                "redirectUri must be an absolute http(s) URL without a fragment",
            )?;
            uri
        }
        None => cfg.redirect_uri.clone(),
    };

    let (state_bytes, nonce_bytes) = random
        .split_first_chunk::<16>()
        .ok_or(Error::Crypto("not enough random bytes"))?;
    // RFC 7636 §7.1 / OIDC Core §15.5.2: unguessable values, 128 bits or more each.
    let state = b64url_encode(state_bytes);
    let nonce = b64url_encode(nonce_bytes);
    let Pkce {
        verifier: code_verifier,
        challenge,
    } = pkce;

    let mut url = meta.authorization_endpoint.clone();
    if !contains(&url, "?") {
        url.push('?');
    }
    push_pair(&mut url, "response_type", "code");
    push_pair(&mut url, "client_id", &cfg.client_id);
    push_pair(&mut url, "redirect_uri", &redirect_uri);
    push_pair(&mut url, "scope", &cfg.scope);
    push_pair(&mut url, "state", &state);
    push_pair(&mut url, "nonce", &nonce);
    push_pair(&mut url, "code_challenge", &challenge);
    // RFC 7636 §4.3: S256 always; "plain" would hand the verifier to anyone reading the URL.
    push_pair(&mut url, "code_challenge_method", "S256");
    // Each parameter once, the first one given winning: the call's own options, then its
    // extra params, then the configured ones. A configured `prompt` must not ride along
    // after silent renew's `prompt=none` (a provider may read either).
    let named = [
        ("response_mode", &opts.response_mode),
        ("prompt", &opts.prompt),
        ("login_hint", &opts.login_hint),
    ];
    let named = named
        .iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)));
    let extras = opts
        .extra_params
        .iter()
        .chain(&cfg.extra_authorize_params)
        .map(|(k, v)| (k.as_str(), v.as_str()));
    let mut optional: Vec<(&str, &str)> = Vec::new();
    for (key, value) in named.chain(extras) {
        if !optional.iter().any(|(seen, _)| *seen == key) {
            optional.push((key, value));
        }
    }
    // OIDC Core §3.1.2.1 max_age: remembered so the ID token's auth_time can be checked.
    let max_age = match optional.iter().find(|(k, _)| *k == "max_age") {
        Some((_, v)) => Some(parse_u64(v).ok_or(Error::InvalidConfig(
            "max_age must be a whole number of seconds",
        ))?),
        None => None,
    };
    for (k, v) in optional {
        push_pair(&mut url, k, v);
    }

    let expect = ExpectCallback {
        state,
        nonce,
        code_verifier,
        redirect_uri,
        app_state: opts.app_state,
        created_at: now,
        max_age,
    };
    Ok((expect, url))
}
