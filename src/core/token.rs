//! Token endpoint requests and response validation (RFC 6749 §4.1.3, §5.1, §5.2, §6;
//! OIDC Core §3.1.3.3, §3.1.3.5).

use super::config::Config;
use super::encode::push_pair;
use super::error::Error;
use super::http::HttpRequest;
use super::metadata::Metadata;
use super::secret::{AccessToken, AuthorizationCode, CodeVerifier, IdToken, RefreshToken};

/// The code-for-tokens exchange (RFC 6749 §4.1.3 with RFC 7636 §4.5's code_verifier).
pub fn authorization_code_request(
    meta: &Metadata,
    cfg: &Config,
    code: &AuthorizationCode,
    verifier: &CodeVerifier,
    redirect_uri: &str,
) -> HttpRequest {
    let mut body = String::new();
    push_pair(&mut body, "grant_type", "authorization_code");
    push_pair(&mut body, "code", code.secret());
    // RFC 6749 §4.1.3: redirect_uri must repeat the one the authorization request used.
    push_pair(&mut body, "redirect_uri", redirect_uri);
    // A public client identifies itself with client_id in the body (RFC 6749 §3.2.1).
    push_pair(&mut body, "client_id", &cfg.client_id);
    push_pair(&mut body, "code_verifier", verifier.secret());
    form_post(&meta.token_endpoint, body)
}

/// The refresh grant (RFC 6749 §6); scope is omitted so the original grant is kept.
pub fn refresh_token_request(
    meta: &Metadata,
    cfg: &Config,
    refresh_token: &RefreshToken,
) -> HttpRequest {
    let mut body = String::new();
    push_pair(&mut body, "grant_type", "refresh_token");
    push_pair(&mut body, "refresh_token", refresh_token.secret());
    push_pair(&mut body, "client_id", &cfg.client_id);
    form_post(&meta.token_endpoint, body)
}

pub(crate) fn form_post(url: &str, body: String) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: url.into(),
        headers: vec![
            ("Content-Type", "application/x-www-form-urlencoded".into()),
            ("Accept", "application/json".into()),
        ],
        body: Some(body),
    }
}

/// A token endpoint response body as parsed JSON (RFC 6749 §5.1 success, §5.2 error).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct TokenResponse {
    #[serde(default)]
    pub access_token: Option<AccessToken>,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub expires_in: Option<f64>,
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    #[serde(default)]
    pub id_token: Option<IdToken>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// A validated token response.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenSet {
    pub access_token: AccessToken,
    /// Always `"Bearer"`, whatever case the provider used.
    pub token_type: String,
    /// `now + floor(expires_in)`, when the provider gave `expires_in`.
    pub expires_at: Option<u64>,
    pub refresh_token: Option<RefreshToken>,
    pub id_token: Option<IdToken>,
    pub scope: Option<String>,
}

/// The access token type a token request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    Bearer,
    /// RFC 9449: bound to the client's DPoP key.
    Dpop,
}

impl TokenType {
    /// The `token_type` value (RFC 6750 §4, RFC 9449 §5).
    pub fn name(self) -> &'static str {
        match self {
            TokenType::Bearer => "Bearer",
            TokenType::Dpop => "DPoP",
        }
    }
}

/// Checks a token endpoint response; `body` is `None` when it was not parsable JSON.
///
/// The ID token itself is checked afterwards (signature, then `validate_id_token`).
///
/// # Errors
/// In check order: `oauth_error` / `http_error` (non-2xx), `invalid_response` (not JSON),
/// `oauth_error`, `invalid_response` (no access_token), `invalid_token_type`,
/// `invalid_response` (bad expires_in), `missing_id_token`.
pub fn validate_token_response(
    status: u16,
    body: Option<&TokenResponse>,
    require_id_token: bool,
    token_type: TokenType,
    now: u64,
) -> Result<TokenSet, Error> {
    // RFC 6749 §5.2: errors come as 400 (401 for client auth) with a JSON error member.
    if !(200..300).contains(&status) {
        return Err(match body.and_then(oauth_error) {
            Some(e) => e,
            None => Error::Http { status },
        });
    }
    let Some(body) = body else {
        return Err(Error::InvalidResponse("token response is not JSON"));
    };
    if let Some(e) = oauth_error(body) {
        return Err(e);
    }
    // RFC 6749 §5.1: access_token and token_type are required.
    let access_token = match &body.access_token {
        Some(t) if !t.secret().is_empty() => t.clone(),
        _ => return Err(Error::InvalidResponse("access_token missing")),
    };
    // RFC 6749 §5.1 + §7.1: token_type values are case-insensitive. The one we asked for:
    // RFC 9449 §5, a Bearer answer to a DPoP request is a downgrade and is refused.
    let expected = token_type.name();
    match &body.token_type {
        Some(t) if t.eq_ignore_ascii_case(expected) => {}
        got => {
            return Err(Error::InvalidTokenType {
                got: got.clone().unwrap_or_default(),
                expected,
            })
        }
    }
    let expires_at = match body.expires_in {
        Some(e) if !e.is_finite() || e < 0.0 => {
            return Err(Error::InvalidResponse(
                "expires_in must be a non-negative number",
            ))
        }
        // Float-to-int `as` saturates and truncates toward zero: floor for e >= 0.
        Some(e) => Some(now.saturating_add(e as u64)),
        None => None,
    };
    let id_token = body.id_token.clone().filter(|t| !t.secret().is_empty());
    // OIDC Core §3.1.3.3: a code flow token response for the openid scope carries an id_token.
    if require_id_token && id_token.is_none() {
        return Err(Error::MissingIdToken);
    }
    Ok(TokenSet {
        access_token,
        // The canonical spelling of the type that was checked above.
        token_type: expected.into(),
        expires_at,
        refresh_token: body
            .refresh_token
            .clone()
            .filter(|t| !t.secret().is_empty()),
        id_token,
        scope: body.scope.clone(),
    })
}

fn oauth_error(body: &TokenResponse) -> Option<Error> {
    body.error.as_ref().map(|error| Error::OAuth {
        error: error.clone(),
        error_description: body.error_description.clone(),
    })
}
