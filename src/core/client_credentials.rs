//! The client-credentials grant for machine-to-machine code (RFC 6749 §4.4, §2.3.1 client
//! authentication, §5.1/§5.2 response). Never for browsers: a secret shipped to one is public.

use super::encode::{b64_encode, percent_encode, push_pair};
use super::error::Error;
use super::http::HttpRequest;
use super::secret::{AccessToken, ClientSecret};
use super::token::{validate_token_response, TokenResponse, TokenType};
use super::url::is_secure_endpoint;

/// A confidential client and what it asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCredentials {
    pub token_endpoint: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// Space-separated scopes; `None` leaves the provider's default.
    pub scope: Option<String>,
    /// Sent as-is after the protocol parameters (`audience`, `resource`, ...).
    pub extra_params: Vec<(String, String)>,
}

/// Body parameters the grant sets itself; `client_secret` in the body would also be a second
/// authentication method, which RFC 6749 §2.3 forbids.
const GRANT_PARAMS: [&str; 3] = ["grant_type", "scope", "client_secret"];

/// The token request: HTTP Basic client authentication and a form body.
///
/// # Errors
/// `invalid_config`: token endpoint not an absolute https URL (http only on loopback),
/// empty client id or secret, or an extra param naming `grant_type`, `scope` or
/// `client_secret`.
pub fn client_credentials_request(c: &ClientCredentials) -> Result<HttpRequest, Error> {
    // RFC 6749 §3.2 + §2.3.1: the secret travels only over TLS; plain http on loopback for dev.
    if !is_secure_endpoint(&c.token_endpoint) {
        return Err(Error::InvalidConfig(
            "tokenEndpoint must be an absolute https URL (http only on loopback)",
        ));
    }
    if c.client_id.is_empty() {
        return Err(Error::InvalidConfig("clientId must not be empty"));
    }
    if c.client_secret.secret().is_empty() {
        return Err(Error::InvalidConfig("clientSecret must not be empty"));
    }
    if c.extra_params
        .iter()
        .any(|(k, _)| GRANT_PARAMS.contains(&k.as_str()))
    {
        return Err(Error::InvalidConfig(
            "extra params may not override grant_type, scope or client_secret",
        ));
    }

    // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined by ':' and sent as
    // Basic (RFC 7617). Encoding all but the unreserved characters gives %20 for a space,
    // which form decoders and decodeURIComponent both read back; a literal '+' becomes %2B.
    let mut credentials = String::new();
    percent_encode(&mut credentials, &c.client_id);
    credentials.push(':');
    percent_encode(&mut credentials, c.client_secret.secret());
    let mut authorization = String::from("Basic ");
    authorization.push_str(&b64_encode(credentials.as_bytes()));

    // RFC 6749 §4.4.2: grant_type, and scope when asked for.
    let mut body = String::new();
    push_pair(&mut body, "grant_type", "client_credentials");
    if let Some(scope) = &c.scope {
        push_pair(&mut body, "scope", scope);
    }
    for (k, v) in &c.extra_params {
        push_pair(&mut body, k, v);
    }
    Ok(HttpRequest {
        method: "POST",
        url: c.token_endpoint.clone(),
        headers: vec![
            ("Authorization", authorization),
            ("Content-Type", "application/x-www-form-urlencoded".into()),
            ("Accept", "application/json".into()),
        ],
        body: Some(body),
    })
}

/// A validated client-credentials token (RFC 6749 §4.4.3: no refresh token, no ID token).
#[derive(Debug, Clone, PartialEq)]
pub struct MachineToken {
    pub access_token: AccessToken,
    /// Always `"Bearer"`.
    pub token_type: String,
    /// `now + floor(expires_in)`, when the provider gave `expires_in`.
    pub expires_at: Option<u64>,
    pub scope: Option<String>,
}

/// Checks a client-credentials token response (`body` is `None` when it was not JSON).
///
/// # Errors
/// Those of `validate_token_response` without an ID token: `oauth_error`, `http_error`,
/// `invalid_response`, `invalid_token_type`.
pub fn validate_client_credentials_response(
    status: u16,
    body: Option<&TokenResponse>,
    now: u64,
) -> Result<MachineToken, Error> {
    // §4.4.3: an ordinary §5.1 response; a refresh token "SHOULD NOT" come, and is dropped.
    let t = validate_token_response(status, body, false, TokenType::Bearer, now)?;
    Ok(MachineToken {
        access_token: t.access_token,
        token_type: t.token_type,
        expires_at: t.expires_at,
        scope: t.scope,
    })
}
