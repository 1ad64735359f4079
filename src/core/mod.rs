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
pub mod adopt;
pub mod authorize;
pub mod base64;
pub mod callback;
pub mod client_credentials;
pub mod config;
pub mod descope;
pub mod dpop;
pub mod encode;
pub mod error;
pub mod http;
pub mod id_token;
pub mod jwks;
pub mod jws;
pub mod logout;
pub mod metadata;
pub mod pkce;
pub mod renew;
pub mod revocation;
pub mod secret;
pub mod session;
pub mod silent;
pub mod text;
pub mod token;
pub mod url;
pub mod userinfo;
pub mod utf8;

#[cfg(test)]
mod tests;

pub use address_bar::strip_callback_params;
pub use adopt::{is_adoptable, MAX_ADOPTED_LIFETIME_S};
pub use authorize::{begin_signin, AuthorizeOptions, SIGNIN_RANDOM_BYTES};
pub use callback::{parse_callback_url, CallbackParams, ExpectCallback, ExpectTokens};
pub use client_credentials::{
    client_credentials_request, validate_client_credentials_response, ClientCredentials,
    MachineToken,
};
pub use config::Config;
pub use descope::{
    descope_base_url, descope_metadata, descope_region, DescopeProject, DESCOPE_BASE,
};
pub use dpop::{
    asks_for_nonce, finish_proof, proof_signing_input, DpopNonces, DpopPublicKey, ProofClaims,
};
pub use error::Error;
pub use http::HttpRequest;
pub use id_token::{validate_id_token, Audience, Expected, IdTokenClaims};
pub use jwks::{
    may_refetch_jwks, select_keys, Jwk, JwkSet, KeySelection, SigAlg, JWKS_REFETCH_COOLDOWN_S,
};
pub use jws::{split_jws, CompactJws, JwsHeader};
pub use logout::{build_logout_url, LogoutOptions};
pub use metadata::{discovery_url, is_discovery_reusable, validate_metadata, Metadata};
pub use pkce::{code_verifier_from_random, is_valid_code_verifier, Pkce};
pub use renew::{
    is_token_fresh, next_renewal_at, next_retry_at, refresh_failure_falls_back_to_iframe,
    supersedes, RenewSchedule,
};
pub use revocation::{revocation_request, session_revocations, validate_revocation_response};
pub use secret::{
    AccessToken, AuthorizationCode, ClientSecret, CodeVerifier, IdToken, RefreshToken,
};
pub use session::Session;
pub use silent::{explain_silent_refusal, is_silent_response};
pub use token::{
    authorization_code_request, refresh_token_request, validate_token_response, TokenResponse,
    TokenSet, TokenType,
};
pub use userinfo::{
    is_signed_userinfo, parse_www_authenticate, userinfo_request, validate_signed_userinfo,
    validate_userinfo_response, UserInfoClaims, ID_TOKEN_CLAIMS_WIN,
};
