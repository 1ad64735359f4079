//! ID token claims and their validation (OIDC Core §2, §3.1.3.7); the signature is checked
//! before this, by the shell with a key `select_keys` chose.

use super::error::Error;

/// The `aud` claim: one string or an array of strings (OIDC Core §2).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The ID token claims the client checks; every member is optional on the wire so that a
/// missing claim gets its own error code instead of a parse failure.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
pub struct IdTokenClaims {
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub aud: Option<Audience>,
    #[serde(default)]
    pub exp: Option<f64>,
    #[serde(default)]
    pub iat: Option<f64>,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub auth_time: Option<f64>,
}

/// What a valid ID token must say.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce we sent; `None` after a refresh grant, where no nonce was sent.
    pub nonce: Option<&'a str>,
    /// On renewal, the current session's `sub`: the user may not change (OIDC Core §12.2).
    pub sub: Option<&'a str>,
    /// The `max_age` sent with the authorization request, if any.
    pub max_age: Option<u64>,
    pub clock_skew_s: u64,
}

/// Validates ID token claims at `now` (unix seconds), one check per clause of OIDC Core §3.1.3.7.
///
/// # Errors
/// In check order: `iss_mismatch`, `aud_mismatch`, `azp_mismatch`, `missing_exp`,
/// `token_expired`, `missing_iat`, `iat_in_future`, `nonce_mismatch`, `missing_auth_time`,
/// `auth_time_too_old`, `missing_sub`, `sub_mismatch`.
pub fn validate_id_token(claims: &IdTokenClaims, expect: &Expected, now: u64) -> Result<(), Error> {
    let skew = expect.clock_skew_s;
    // (2) iss must equal the issuer exactly, no normalisation.
    if claims.iss.as_deref() != Some(expect.issuer) {
        return Err(Error::IssMismatch {
            expected: expect.issuer.into(),
            got: claims.iss.clone().unwrap_or_default(),
        });
    }
    // (3) aud must list our client_id; other audiences alone are someone else's token.
    let (aud_ok, several) = match &claims.aud {
        Some(Audience::One(a)) => (a == expect.client_id, false),
        Some(Audience::Many(v)) => (v.iter().any(|a| a == expect.client_id), v.len() > 1),
        None => (false, false),
    };
    if !aud_ok {
        return Err(Error::AudMismatch {
            expected: expect.client_id.into(),
        });
    }
    // (4)–(5) azp: required with several audiences, and when present must be our client_id.
    // Enforced where openidconnect-rs leaves it commented out.
    match &claims.azp {
        Some(azp) if azp != expect.client_id => {
            return Err(Error::AzpMismatch {
                expected: expect.client_id.into(),
                got: azp.clone(),
            });
        }
        None if several => {
            return Err(Error::AzpMismatch {
                expected: expect.client_id.into(),
                got: String::new(),
            });
        }
        _ => {}
    }
    // (9) exp: reject from exp + skew on; a non-numeric or negative exp counts as missing.
    let Some(exp) = claims.exp.and_then(seconds) else {
        return Err(Error::MissingExp);
    };
    if now >= exp.saturating_add(skew) {
        return Err(Error::TokenExpired);
    }
    // (10) iat: required; later than now + skew means a wrong clock or a forged token.
    let Some(iat) = claims.iat.and_then(seconds) else {
        return Err(Error::MissingIat);
    };
    if iat > now.saturating_add(skew) {
        return Err(Error::IatInFuture);
    }
    // (11) nonce: when we sent one, the token must carry the same value (replay protection).
    if let Some(nonce) = expect.nonce {
        if claims.nonce.as_deref() != Some(nonce) {
            return Err(Error::NonceMismatch);
        }
    }
    // (13) max_age was sent: auth_time is required, and the login must be recent enough.
    if let Some(max_age) = expect.max_age {
        let Some(auth_time) = claims.auth_time.and_then(seconds) else {
            return Err(Error::MissingAuthTime);
        };
        if now > auth_time.saturating_add(max_age).saturating_add(skew) {
            return Err(Error::AuthTimeTooOld);
        }
    }
    // §2: sub is required and identifies the user.
    let sub = match claims.sub.as_deref() {
        Some(s) if !s.is_empty() => s,
        _ => return Err(Error::MissingSub),
    };
    // §12.2: a renewed ID token must be about the same user.
    if let Some(expected_sub) = expect.sub {
        if sub != expected_sub {
            return Err(Error::SubMismatch);
        }
    }
    Ok(())
}

/// A NumericDate (RFC 7519 §2) as whole seconds, floored; `None` when negative or not finite.
fn seconds(v: f64) -> Option<u64> {
    if v.is_finite() && v >= 0.0 {
        Some(v as u64)
    } else {
        None
    }
}
