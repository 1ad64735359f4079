//! The stored session's protocol part and its lifetime (DESIGN.md "Behaviour details";
//! RFC 6749 §5.1 expires_in, §6 refresh; OIDC Core §12.2 refresh responses).

use super::secret::{AccessToken, IdToken, RefreshToken};
use super::token::TokenSet;

/// Fallback lifetime when neither `expires_in` nor an ID token `exp` says anything.
const DEFAULT_LIFETIME_S: u64 = 3600;

/// The stored session's protocol part (the shell adds claims/profile/appState as opaque JSON
/// alongside). camelCase on the wire.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub access_token: AccessToken,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<IdToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<RefreshToken>,
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Unix seconds from which the session is over.
    pub expires_at: u64,
    /// Unix seconds of the token response that made this session; 0 = unknown (sessions
    /// stored by versions before this field existed).
    #[serde(default)]
    pub issued_at: u64,
}

impl Session {
    /// A session from a validated token response.
    ///
    /// `expires_at` is the response's `expires_at`, else the ID token's `exp`
    /// (`id_token_exp`), else `now + 3600`. A refresh response without a new refresh token
    /// keeps `previous_refresh_token` (RFC 6749 §6: the provider may keep the old one valid).
    /// `issued_at` is `now`.
    pub fn from_tokens(
        tokens: TokenSet,
        id_token_exp: Option<u64>,
        previous_refresh_token: Option<RefreshToken>,
        now: u64,
    ) -> Session {
        let expires_at = expiry(&tokens, id_token_exp, now);
        Session {
            access_token: tokens.access_token,
            id_token: tokens.id_token,
            refresh_token: tokens.refresh_token.or(previous_refresh_token),
            token_type: tokens.token_type,
            scope: tokens.scope,
            expires_at,
            issued_at: now,
        }
    }

    /// A session from a validated refresh-grant response, carrying over what it left out.
    ///
    /// RFC 6749 §6: no new refresh token means the previous one stays. OIDC Core §12.2: the
    /// response may omit the ID token; the previous one stays (for `id_token_hint` and the
    /// claims), and `id_token_exp` is used only when `tokens` has a new ID token. RFC 6749
    /// §5.1: an omitted `scope` is the scope asked for, and a refresh asks for the original
    /// grant, so the previous scope stays too. `expires_at` as in [`Session::from_tokens`];
    /// `issued_at` is `now`.
    pub fn from_refresh(
        tokens: TokenSet,
        previous: &Session,
        id_token_exp: Option<u64>,
        now: u64,
    ) -> Session {
        let id_token_exp = id_token_exp.filter(|_| tokens.id_token.is_some());
        let expires_at = expiry(&tokens, id_token_exp, now);
        Session {
            access_token: tokens.access_token,
            id_token: tokens.id_token.or_else(|| previous.id_token.clone()),
            refresh_token: tokens
                .refresh_token
                .or_else(|| previous.refresh_token.clone()),
            token_type: tokens.token_type,
            scope: tokens.scope.or_else(|| previous.scope.clone()),
            expires_at,
            issued_at: now,
        }
    }

    /// True while `now < expires_at`; no skew on our own clock.
    pub fn is_live(&self, now: u64) -> bool {
        now < self.expires_at
    }
}

/// RFC 6749 §5.1 expires_in first (the access token's life), then the ID token's exp.
fn expiry(tokens: &TokenSet, id_token_exp: Option<u64>, now: u64) -> u64 {
    tokens
        .expires_at
        .or(id_token_exp)
        .unwrap_or_else(|| now.saturating_add(DEFAULT_LIFETIME_S))
}
