//! The sans-IO OpenID Connect core: pure functions and plain values, no I/O, no clock, no randomness.
//!
//! Time (`now`, unix seconds) and random bytes arrive as arguments; effects leave as data
//! (a URL to navigate to, an [`HttpRequest`] to send). The shell in `browser/` carries them out.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod address_bar;
pub mod authorize;
pub mod callback;
pub mod config;
pub mod encode;
pub mod error;
pub mod http;
pub mod id_token;
pub mod jwks;
pub mod jws;
pub mod metadata;
pub mod pkce;
pub mod secret;
pub mod session;
pub mod token;
pub mod url;

#[cfg(test)]
mod tests;

pub use address_bar::strip_callback_params;
pub use authorize::{begin_signin, AuthorizeOptions, SIGNIN_RANDOM_BYTES};
pub use callback::{parse_callback_url, CallbackParams, ExpectCallback, ExpectTokens};
pub use config::Config;
pub use error::Error;
pub use http::HttpRequest;
pub use id_token::{validate_id_token, Audience, Expected, IdTokenClaims};
pub use jwks::{select_keys, Jwk, JwkSet, KeySelection, SigAlg};
pub use jws::{split_jws, CompactJws, JwsHeader};
pub use metadata::{descope_metadata, discovery_url, validate_metadata, Metadata, DESCOPE_BASE};
pub use pkce::{code_challenge_s256, code_verifier_from_random, is_valid_code_verifier};
pub use secret::{AccessToken, AuthorizationCode, CodeVerifier, IdToken, RefreshToken};
pub use session::Session;
pub use token::{
    authorization_code_request, refresh_token_request, validate_token_response, TokenResponse,
    TokenSet,
};
