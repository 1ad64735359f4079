//! oidc-wasm: OpenID Connect for single-page apps.
//!
//! `core` is the protocol, sans-IO, and builds and tests natively. `browser` (the
//! I/O shell) and `api` (the JS surface) exist only for wasm32.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod browser;
