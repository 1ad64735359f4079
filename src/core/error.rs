//! The one error type of the core and its table of stable codes (DESIGN.md "Errors").
//!
//! `CODES` (read by `code()`) is the only place codes are spelled; `message()` is human
//! text built without `core::fmt` (code size). Only `OAuth` carries provider text; no
//! variant holds a token.

use super::encode::push_u64;

/// Every failure the core (and the shell, mapping JS failures) can report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The app's options are wrong; the text says what.
    InvalidConfig(&'static str),
    /// The provider metadata is unusable; the text names the field.
    InvalidMetadata(&'static str),
    /// The discovery document's issuer differs from the configured authority.
    IssuerMismatch { expected: String, got: String },
    /// The callback URL is malformed or repeats a parameter.
    InvalidCallback(&'static str),
    /// The callback's `state` is missing or not ours.
    StateMismatch,
    /// The pending sign-in is older than its lifetime: start again.
    SigninExpired,
    /// The callback `iss` parameter or the ID token `iss` claim is wrong (`got` is "" when missing).
    IssMismatch { expected: String, got: String },
    /// RFC 9207: the metadata promises an `iss` parameter but the callback has none.
    IssMissing,
    /// The callback carries neither an error nor a code.
    MissingCode,
    /// The provider answered with an OAuth error.
    OAuth {
        error: String,
        error_description: Option<String>,
    },
    /// A silent renew through the iframe was refused (`login_required`, ...) by a provider on
    /// another site than the app: the browser likely withheld the provider's cookie from the
    /// iframe (third-party cookies). Code `oauth_error`, like the refusal itself.
    OAuthCrossSite {
        error: String,
        error_description: Option<String>,
    },
    /// A non-2xx HTTP status without an OAuth error body.
    Http { status: u16 },
    /// The request never got an answer.
    Network,
    /// The request (or silent renew) took too long.
    Timeout,
    /// The silent-renew iframe stopped on a provider page instead of coming back.
    IframeError,
    /// The browser refused to open the sign-in popup (not called from a user gesture).
    PopupBlocked,
    /// The user closed the sign-in popup before it came back.
    PopupClosed,
    /// A provider response is malformed; the text says how.
    InvalidResponse(&'static str),
    /// The token response's `token_type` is not Bearer (`got` is "" when missing).
    InvalidTokenType { got: String, expected: &'static str },
    /// An ID token was required but the token response has none.
    MissingIdToken,
    /// The JWT is malformed; the text says how.
    InvalidJwt(&'static str),
    /// The JWS `alg` is refused (`none`, HMAC, or unknown).
    UnsupportedAlg { alg: String },
    /// No JWKS key fits the JWS header, even after one refetch.
    KeyNotFound,
    /// The signature does not verify.
    InvalidSignature,
    /// The ID token `aud` does not list our client_id.
    AudMismatch { expected: String },
    /// The ID token `azp` is wrong, or missing with several audiences (`got` is "" when missing).
    AzpMismatch { expected: String, got: String },
    /// The ID token has no `exp`.
    MissingExp,
    /// The ID token has no `iat`.
    MissingIat,
    /// The ID token (or UserInfo response) has no `sub`.
    MissingSub,
    /// The ID token's `exp` (plus skew) has passed.
    TokenExpired,
    /// The ID token's `iat` is beyond now plus skew.
    IatInFuture,
    /// The ID token `nonce` is not the one we sent.
    NonceMismatch,
    /// `max_age` was sent but the ID token has no `auth_time`.
    MissingAuthTime,
    /// The ID token's `auth_time` is older than the `max_age` sent (plus skew).
    AuthTimeTooOld,
    /// The renewed ID token (or the UserInfo response) names another user than the session.
    SubMismatch,
    /// Browser storage failed.
    Storage(&'static str),
    /// The environment or provider lacks a needed feature.
    Unsupported(&'static str),
    /// There is no session to act on.
    NoSession,
    /// WebCrypto (or randomness) failed.
    Crypto(&'static str),
}

/// The stable codes, one per variant in declaration order (`OAuthCrossSite` shares
/// `oauth_error`), separated by spaces: the only place codes are spelled. One text
/// rather than a table of 39 string pointers (code size).
const CODES: &str = concat!(
    "invalid_config ",
    "invalid_metadata ",
    "issuer_mismatch ",
    "invalid_callback ",
    "state_mismatch ",
    "signin_expired ",
    "iss_mismatch ",
    "iss_missing ",
    "missing_code ",
    "oauth_error ",
    "oauth_error ",
    "http_error ",
    "network_error ",
    "timeout ",
    "iframe_error ",
    "popup_blocked ",
    "popup_closed ",
    "invalid_response ",
    "invalid_token_type ",
    "missing_id_token ",
    "invalid_jwt ",
    "unsupported_alg ",
    "key_not_found ",
    "invalid_signature ",
    "aud_mismatch ",
    "azp_mismatch ",
    "missing_exp ",
    "missing_iat ",
    "missing_sub ",
    "token_expired ",
    "iat_in_future ",
    "nonce_mismatch ",
    "missing_auth_time ",
    "auth_time_too_old ",
    "sub_mismatch ",
    "storage_error ",
    "unsupported ",
    "no_session ",
    "crypto_error",
);

impl Error {
    /// The stable snake_case code JS sees as `error.code`: [`CODES`] at the variant's index.
    pub fn code(&self) -> &'static str {
        super::text::pieces(CODES, b' ')
            .nth(self.index())
            .unwrap_or("")
    }

    /// The variant's position in the declaration (and in [`CODES`]): a plain number, so
    /// the codes are one table of data rather than a jump per variant (code size).
    fn index(&self) -> usize {
        match self {
            Error::InvalidConfig(_) => 0,
            Error::InvalidMetadata(_) => 1,
            Error::IssuerMismatch { .. } => 2,
            Error::InvalidCallback(_) => 3,
            Error::StateMismatch => 4,
            Error::SigninExpired => 5,
            Error::IssMismatch { .. } => 6,
            Error::IssMissing => 7,
            Error::MissingCode => 8,
            Error::OAuth { .. } => 9,
            Error::OAuthCrossSite { .. } => 10,
            Error::Http { .. } => 11,
            Error::Network => 12,
            Error::Timeout => 13,
            Error::IframeError => 14,
            Error::PopupBlocked => 15,
            Error::PopupClosed => 16,
            Error::InvalidResponse(_) => 17,
            Error::InvalidTokenType { .. } => 18,
            Error::MissingIdToken => 19,
            Error::InvalidJwt(_) => 20,
            Error::UnsupportedAlg { .. } => 21,
            Error::KeyNotFound => 22,
            Error::InvalidSignature => 23,
            Error::AudMismatch { .. } => 24,
            Error::AzpMismatch { .. } => 25,
            Error::MissingExp => 26,
            Error::MissingIat => 27,
            Error::MissingSub => 28,
            Error::TokenExpired => 29,
            Error::IatInFuture => 30,
            Error::NonceMismatch => 31,
            Error::MissingAuthTime => 32,
            Error::AuthTimeTooOld => 33,
            Error::SubMismatch => 34,
            Error::Storage(_) => 35,
            Error::Unsupported(_) => 36,
            Error::NoSession => 37,
            Error::Crypto(_) => 38,
        }
    }

    /// Human text naming what was wrong and what was expected; never a token, code or secret.
    pub fn message(&self) -> String {
        // Each variant's fixed text is its piece of [`HEADS`]; the arms below add what the
        // variant carries (code size: one text, not a pair of pointers per arm).
        let head = super::text::pieces(HEADS, b'\n')
            .nth(self.index())
            .unwrap_or("");
        let mut m = String::new();
        match self {
            Error::IssuerMismatch { expected, got }
            | Error::IssMismatch { expected, got }
            | Error::AzpMismatch { expected, got } => is_expected(&mut m, head, got, expected),
            Error::InvalidTokenType { got, expected } => is_expected(&mut m, head, got, expected),
            Error::OAuth {
                error,
                error_description,
            }
            | Error::OAuthCrossSite {
                error,
                error_description,
            } => {
                provider_answered(&mut m, error, error_description);
                m.push_str(head);
            }
            Error::Http { status } => {
                m.push_str(head);
                push_u64(&mut m, u64::from(*status));
            }
            Error::UnsupportedAlg { alg } => {
                m.push_str(head);
                push_clipped(&mut m, alg);
                m.push_str("\" is not accepted");
            }
            Error::AudMismatch { expected } => {
                m.push_str(head);
                push_clipped(&mut m, expected);
                m.push('"');
            }
            Error::InvalidConfig(what)
            | Error::InvalidMetadata(what)
            | Error::InvalidCallback(what)
            | Error::InvalidResponse(what)
            | Error::InvalidJwt(what)
            | Error::Storage(what)
            | Error::Unsupported(what)
            | Error::Crypto(what) => {
                m.push_str(head);
                m.push_str(what);
            }
            _ => m.push_str(head),
        }
        m
    }
}

/// The fixed part of each variant's message, in declaration order (as [`CODES`]), one per
/// line: the whole text, a head the variant's detail follows, or the name
/// [`is_expected`] reports on.
const HEADS: &str = concat!(
    "invalid configuration: \n", // InvalidConfig
    "invalid provider metadata: \n", // InvalidMetadata
    "discovery document issuer\n", // IssuerMismatch
    "invalid authorization response: \n", // InvalidCallback
    "the authorization response state does not match the pending sign-in\n", // StateMismatch
    "the pending sign-in is more than an hour old; sign in again\n", // SigninExpired
    "iss\n", // IssMismatch
    "the authorization response has no iss parameter, which the provider metadata requires\n", // IssMissing
    "the authorization response has no code\n", // MissingCode
    "\n", // OAuth
    " (the provider is on another site, so the browser likely withheld its cookie from the hidden iframe: renew with a refresh token (offline_access) or serve the provider from the app's own site)\n", // OAuthCrossSite
    "HTTP status \n", // Http
    "the network request failed\n", // Network
    "the request timed out\n", // Timeout
    "the silent-renew iframe stayed on the provider's page (an error page, a refused connection, or a page that needs the user) instead of returning\n", // IframeError
    "the browser blocked the sign-in popup: call signinPopup() straight from a click\n", // PopupBlocked
    "the sign-in popup was closed before signing in\n", // PopupClosed
    "invalid provider response: \n", // InvalidResponse
    "token_type\n", // InvalidTokenType
    "the token response has no id_token\n", // MissingIdToken
    "invalid JWT: \n", // InvalidJwt
    "JWS alg \"\n", // UnsupportedAlg
    "no key in the provider's JWKS fits the ID token\n", // KeyNotFound
    "the ID token signature does not verify\n", // InvalidSignature
    "ID token aud does not contain \"\n", // AudMismatch
    "ID token azp\n", // AzpMismatch
    "ID token has no valid exp claim\n", // MissingExp
    "ID token has no valid iat claim\n", // MissingIat
    "the ID token or userinfo response has no sub claim\n", // MissingSub
    "ID token has expired (exp plus clock skew has passed)\n", // TokenExpired
    "ID token iat is later than now plus clock skew\n", // IatInFuture
    "ID token nonce does not match the sign-in request\n", // NonceMismatch
    "ID token has no valid auth_time claim, though max_age was sent\n", // MissingAuthTime
    "ID token auth_time is older than the max_age sent allows\n", // AuthTimeTooOld
    "the ID token or userinfo sub does not match the current session's user\n", // SubMismatch
    "storage failed: \n", // Storage
    "unsupported: \n", // Unsupported
    "there is no session\n", // NoSession
    "crypto failed: \n", // Crypto
);

impl ::core::fmt::Display for Error {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

fn provider_answered(m: &mut String, error: &str, error_description: &Option<String>) {
    m.push_str("the provider answered ");
    push_clipped(m, error);
    if let Some(d) = error_description {
        m.push_str(": ");
        push_clipped(m, d);
    }
}

/// `<what> is "<got>", expected "<expected>"`, or `<what> is missing, ...` when got is empty.
fn is_expected(m: &mut String, what: &str, got: &str, expected: &str) {
    m.push_str(what);
    if got.is_empty() {
        m.push_str(" is missing");
    } else {
        m.push_str(" is \"");
        push_clipped(m, got);
        m.push('"');
    }
    m.push_str(", expected \"");
    push_clipped(m, expected);
    m.push('"');
}

/// Provider-chosen text, clipped so a hostile response cannot flood logs.
const CLIP: usize = 200;

fn push_clipped(m: &mut String, s: &str) {
    if s.len() <= CLIP {
        m.push_str(s);
        return;
    }
    let mut end = CLIP;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    m.push_str(s.get(..end).unwrap_or(""));
    m.push_str("...");
}
