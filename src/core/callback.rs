//! The authorization response: parsing the redirect URL and checking it against the pending
//! sign-in (RFC 6749 §4.1.2, §4.1.2.1; OIDC Core §3.1.2.7; RFC 9207 §2.4).

use super::config::Config;
use super::encode::parse_params;
use super::error::Error;
use super::http::HttpRequest;
use super::metadata::Metadata;
use super::secret::{AuthorizationCode, CodeVerifier};
use super::text::split_once;
use super::token::authorization_code_request;

/// The authorization response parameters the client reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CallbackParams {
    pub code: Option<AuthorizationCode>,
    pub state: Option<String>,
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Reads the authorization response from a full callback URL.
///
/// The query is read first; when it has none of code/state/error the fragment is read
/// instead (`response_mode=fragment`). Unknown parameters are ignored.
///
/// # Errors
/// `invalid_callback`: malformed percent-encoding, a repeated parameter, or no
/// code, state or error anywhere.
pub fn parse_callback_url(url: &str) -> Result<CallbackParams, Error> {
    let (before_fragment, fragment) = match split_once(url, "#") {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let query = split_once(before_fragment, "?").map(|(_, q)| q);
    if let Some(q) = query {
        let params = read_params(q)?;
        if is_authorization_response(&params) {
            return Ok(params);
        }
    }
    if let Some(f) = fragment {
        let params = read_params(f)?;
        if is_authorization_response(&params) {
            return Ok(params);
        }
    }
    Err(Error::InvalidCallback("not an authorization response"))
}

fn is_authorization_response(p: &CallbackParams) -> bool {
    p.code.is_some() || p.state.is_some() || p.error.is_some()
}

fn read_params(s: &str) -> Result<CallbackParams, Error> {
    let mut out = CallbackParams::default();
    for (k, v) in parse_params(s)? {
        let slot = match k.as_str() {
            "code" => {
                // RFC 6749 §3.1: parameters must not be repeated; a second code is an attack.
                if out.code.is_some() {
                    return Err(REPEATED);
                }
                out.code = Some(AuthorizationCode::new(v));
                continue;
            }
            "state" => &mut out.state,
            "iss" => &mut out.iss,
            "error" => &mut out.error,
            "error_description" => &mut out.error_description,
            _ => continue,
        };
        if slot.is_some() {
            return Err(REPEATED);
        }
        *slot = Some(v);
    }
    Ok(out)
}

const REPEATED: Error = Error::InvalidCallback("repeated parameter");

/// The pending sign-in, stored (JSON) between redirect and callback; `handle` consumes it,
/// so a transaction is used once.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExpectCallback {
    pub state: String,
    pub nonce: String,
    pub code_verifier: CodeVerifier,
    pub redirect_uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_state: Option<String>,
    pub created_at: u64,
    /// The `max_age` sent, if any: the ID token's `auth_time` must honour it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
}

/// A checked authorization response: the token request to send and what the ID token must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectTokens {
    pub request: HttpRequest,
    pub nonce: String,
    pub app_state: Option<String>,
    pub max_age: Option<u64>,
}

/// How long a pending sign-in is kept: a user may linger at the provider's login
/// page, but an abandoned sign-in should not sit in sessionStorage forever.
pub const PENDING_SIGNIN_LIFETIME_S: u64 = 3600;

impl ExpectCallback {
    /// Whether this pending sign-in was abandoned (older than [`PENDING_SIGNIN_LIFETIME_S`]);
    /// the shell removes such entries when it starts a new sign-in.
    pub fn is_abandoned(&self, now: u64) -> bool {
        now.saturating_sub(self.created_at) > PENDING_SIGNIN_LIFETIME_S
    }

    /// Checks the authorization response at `now` and builds the code-for-token request.
    ///
    /// # Errors
    /// In check order: `state_mismatch`, `signin_expired`, `iss_mismatch`, `iss_missing`,
    /// `oauth_error`, `missing_code`.
    pub fn handle(
        self,
        params: &CallbackParams,
        meta: &Metadata,
        cfg: &Config,
        now: u64,
    ) -> Result<ExpectTokens, Error> {
        // RFC 6749 §10.12 / OIDC Core §3.1.2.7: the state must be the one we sent. Checked
        // before the error so a forged error response cannot end our sign-in.
        if params.state.as_deref() != Some(self.state.as_str()) {
            return Err(Error::StateMismatch);
        }
        // A pending sign-in lives PENDING_SIGNIN_LIFETIME_S; a callback for an older one is
        // refused here, not only pruned when the next sign-in starts.
        if self.is_abandoned(now) {
            return Err(Error::SigninExpired);
        }
        // RFC 9207 §2.4: iss, when present, must be the issuer exactly (no normalisation) ...
        match &params.iss {
            Some(iss) if *iss != meta.issuer => {
                return Err(Error::IssMismatch {
                    expected: meta.issuer.clone(),
                    got: iss.clone(),
                });
            }
            // ... and must be present when the metadata says the provider sends it.
            None if meta.authorization_response_iss_parameter_supported => {
                return Err(Error::IssMissing);
            }
            _ => {}
        }
        // RFC 6749 §4.1.2.1: an error response (login_required, access_denied, ...).
        if let Some(error) = &params.error {
            return Err(Error::OAuth {
                error: error.clone(),
                error_description: params.error_description.clone(),
            });
        }
        let code = match &params.code {
            Some(c) if !c.secret().is_empty() => c,
            _ => return Err(Error::MissingCode),
        };
        let request =
            authorization_code_request(meta, cfg, code, &self.code_verifier, &self.redirect_uri);
        Ok(ExpectTokens {
            request,
            nonce: self.nonce,
            app_state: self.app_state,
            max_age: self.max_age,
        })
    }
}
